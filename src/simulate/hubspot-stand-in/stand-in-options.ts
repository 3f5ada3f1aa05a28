import {
  loadWebhookSubscriptions,
  type WebhookSubscription,
} from '../../crm/hubspot/intake/hubspot-webhook-subscriptions.ts';
import type { Logger } from '../../log.ts';
import { findHubSpotSpecs } from './hubspot-spec-folder.ts';
import type { SignatureVersion } from './sign-webhook.ts';
import type { RateLimit } from './traffic-control.ts';
import type { DuplicateDeliveries, WebhookRetry } from './webhook-dispatcher.ts';

export interface HubSpotStandInOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId: number;
  readonly portalId: number;
  /** Baton's `POST /webhooks/hubspot` URL, exactly as it will be signed; loopback only. */
  readonly webhookTargetUrl?: string;
  /** HubSpot's limit for marketplace apps: 110 requests per rolling 10 s per installed portal. */
  readonly rateLimit?: RateLimit;
  /** HubSpot's limit for CRM searches, which the rolling limit does not count: 5 per second per portal. */
  readonly searchRateLimit?: RateLimit;
  /** Real time: token expiry, rate-limit windows, signature timestamps. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** The portal has the Lead object (Sales Hub Pro); without it, `leads` scopes are never granted. */
  readonly hasLeadObject?: boolean;
  /** Send some batches twice and hold some back so later ones overtake them, as HubSpot may. */
  readonly duplicateDeliveries?: boolean | Partial<DuplicateDeliveries>;
  /** Seeds the shuffling, duplicates and retry jitter of webhook deliveries. */
  readonly seed?: number;
  readonly webhookFlushMs?: number;
  readonly webhookRetry?: Partial<WebhookRetry>;
  /** HubSpot's `maxConcurrentRequests` (at least 5; 10 by default). */
  readonly webhookConcurrency?: number;
  /** HubSpot gives a delivery 5 s before counting it failed. */
  readonly webhookTimeoutMs?: number;
  readonly signatureVersions?: readonly SignatureVersion[];
  /** The app's webhook subscriptions; by default those of Baton's HubSpot developer project. */
  readonly webhookSubscriptions?: readonly WebhookSubscription[];
  /**
   * Folder of HubSpot's OpenAPI specs to validate requests against; `null` turns the checks off.
   * By default the folder `findHubSpotSpecs` finds, and no checks when it finds none.
   */
  readonly openApiDirectory?: string | null;
}

export function resolveStandInOptions(options: HubSpotStandInOptions) {
  const duplicates = options.duplicateDeliveries;
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    rateLimit: options.rateLimit ?? { requests: 110, windowMs: 10_000 },
    searchRateLimit: options.searchRateLimit ?? { requests: 5, windowMs: 1_000 },
    clock: options.clock ?? (() => new Date()),
    hasLeadObject: options.hasLeadObject ?? false,
    duplicateDeliveries:
      duplicates === undefined || duplicates === false
        ? null
        : { probability: 0.25, maxDelayMs: 150, ...(duplicates === true ? {} : duplicates) },
    seed: options.seed ?? 1,
    webhookFlushMs: options.webhookFlushMs ?? 50,
    webhookRetry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 3_000, ...options.webhookRetry },
    webhookConcurrency: options.webhookConcurrency ?? 10,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5_000,
    signatureVersions: options.signatureVersions ?? (['v1', 'v3'] as const),
    webhookSubscriptions: options.webhookSubscriptions ?? loadWebhookSubscriptions(),
    openApiDirectory: options.openApiDirectory === undefined ? findHubSpotSpecs() : options.openApiDirectory,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The stand-in only ever talks to this machine. */
export function assertLoopbackUrl(url: string): string {
  const parsed = new URL(url);
  if (!LOOPBACK_HOSTS.has(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) {
    throw new Error(
      `The HubSpot stand-in delivers webhooks to this machine only; ${parsed.origin} is not loopback.`,
    );
  }
  return url;
}
