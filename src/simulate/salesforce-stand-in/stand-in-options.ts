import type { Logger } from '../../log.ts';
import type { LeadStatusSpec, NewUser } from './org-directory.ts';
import { DEFAULT_LEAD_STATUSES } from './org-directory.ts';
import type { CustomFieldSpec } from './org-schema.ts';
import type { DeliveryChance, OutboundRetry } from './outbound-dispatcher.ts';
import { DEFAULT_MESSAGE_FIELDS, DEFAULT_WATCHED_FIELDS } from './outbound-trigger.ts';

export interface OutboundOptions {
  /** Baton's `POST /webhooks/salesforce`; loopback only. Without it the Flow sends nothing. */
  readonly targetUrl?: string;
  /** A Lead's creation, or a change to one of these, queues a notification. */
  readonly watchedFields?: readonly string[];
  /** Fields the notification's sObject carries (besides Id). */
  readonly messageFields?: readonly string[];
  readonly flushMs?: number;
  /** Notifications per SOAP message, 100 at most. */
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retry?: Partial<OutboundRetry>;
  /** Send some messages twice, as Salesforce may (seeded by `seed`). */
  readonly duplicates?: boolean | Partial<DeliveryChance>;
  /** Hold some messages back so later ones overtake them (seeded by `seed`). */
  readonly outOfOrder?: boolean | Partial<DeliveryChance>;
  /** Send a (dummy) session id rather than a nil one. */
  readonly sendSessionId?: boolean;
}

export interface SalesforceStandInOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** The External Client App's consumer key and secret. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** 15- or 18-character `00D…` id; one is assigned by default. */
  readonly orgId?: string;
  /** The app's callback URLs; by default any http(s) redirect_uri is accepted. */
  readonly callbackUrls?: readonly string[];
  /** Scopes the app is configured with (granted when authorize asks for none). */
  readonly appScopes?: readonly string[];
  /** PKCE required on authorize (the default, as for new External Client Apps). */
  readonly requirePkce?: boolean;
  /** Refresh Token Rotation: each refresh answers a new refresh token; the used one dies. */
  readonly rotateRefreshTokens?: boolean;
  /** Access token lifetime (the org's session timeout), seconds. */
  readonly sessionSeconds?: number;
  /** The installed package's Lead fields, e.g. `{ name: 'baton__Stage__c', type: 'string' }`. */
  readonly customLeadFields?: readonly CustomFieldSpec[];
  /** The org's Lead Status values in order; Salesforce's four by default. */
  readonly leadStatuses?: readonly LeadStatusSpec[];
  /** The org's admin, who approves the install: the user behind every token. */
  readonly admin?: NewUser;
  readonly dailyApiRequests?: { readonly max?: number; readonly enforce?: boolean };
  readonly outbound?: OutboundOptions;
  readonly bulk?: { readonly pollsUntilComplete?: number; readonly maxRecordsPerPage?: number };
  /** Seeds duplicate and out-of-order deliveries and retry jitter. */
  readonly seed?: number;
  /** Real time: token expiry, bulk jobs, retry ages. Record times follow `setRecordClock`. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The stand-in only ever delivers to this machine. */
export function assertLoopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) {
    throw new Error(
      `The Salesforce stand-in delivers Outbound Messages to this machine only; ${parsed.origin} is not loopback.`,
    );
  }
  return url;
}

function chance(
  option: boolean | Partial<DeliveryChance> | undefined,
  defaults: DeliveryChance,
): DeliveryChance | null {
  if (option === undefined || option === false) return null;
  const resolved = { ...defaults, ...(option === true ? {} : option) };
  if (!(resolved.probability >= 0 && resolved.probability <= 1)) {
    throw new Error(`A delivery probability is between 0 and 1, not ${resolved.probability}.`);
  }
  return resolved;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not ${value}.`);
  return value;
}

export function resolveStandInOptions(options: SalesforceStandInOptions) {
  const outbound = options.outbound ?? {};
  const batchSize = outbound.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100) {
    throw new Error(`outbound.batchSize is 1 to 100 (Salesforce's most per message), not ${batchSize}.`);
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clock: options.clock ?? (() => new Date()),
    appScopes: options.appScopes ?? ['api', 'refresh_token', 'offline_access', 'id', 'openid'],
    requirePkce: options.requirePkce ?? true,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    sessionSeconds: positive('sessionSeconds', options.sessionSeconds ?? 7200),
    customLeadFields: options.customLeadFields ?? [],
    leadStatuses: options.leadStatuses ?? DEFAULT_LEAD_STATUSES,
    admin: options.admin ?? {
      firstName: 'Avery',
      lastName: 'Admin',
      email: 'admin@stand-in.example',
      department: 'Operations',
    },
    dailyApiRequests: {
      max: positive('dailyApiRequests.max', options.dailyApiRequests?.max ?? 100_000),
      enforce: options.dailyApiRequests?.enforce ?? false,
    },
    seed: options.seed ?? 1,
    outbound: {
      targetUrl: outbound.targetUrl === undefined ? undefined : assertLoopbackUrl(outbound.targetUrl),
      watchedFields: outbound.watchedFields ?? DEFAULT_WATCHED_FIELDS,
      messageFields: outbound.messageFields ?? DEFAULT_MESSAGE_FIELDS,
      flushMs: outbound.flushMs ?? 50,
      batchSize,
      concurrency: positive('outbound.concurrency', outbound.concurrency ?? 4),
      timeoutMs: positive('outbound.timeoutMs', outbound.timeoutMs ?? 60_000),
      retry: {
        baseDelayMs: 200,
        maxDelayMs: 5_000,
        maxAttempts: 12,
        maxAgeMs: 24 * 3_600_000,
        ...outbound.retry,
      },
      disorder: {
        duplicates: chance(outbound.duplicates, { probability: 0.25, maxDelayMs: 150 }),
        outOfOrder: chance(outbound.outOfOrder, { probability: 0.25, maxDelayMs: 150 }),
      },
      sendSessionId: outbound.sendSessionId ?? false,
    },
    bulk: {
      pollsUntilComplete: positive('bulk.pollsUntilComplete', options.bulk?.pollsUntilComplete ?? 2),
      maxRecordsPerPage: positive('bulk.maxRecordsPerPage', options.bulk?.maxRecordsPerPage ?? 10_000),
    },
  };
}
