import express, { type Request, type Router } from 'express';
import { HUBSPOT_EVENT } from '../../src/crm/hubspot/intake/hubspot-event-kind.ts';
import {
  type HubSpotEvent,
  hubSpotEventBatchSchema,
  hubSpotEventDedupeKey,
  hubSpotEventRecordKey,
} from '../../src/crm/hubspot/intake/hubspot-event-schema.ts';
import type { HubSpotWebhookConfig } from '../../src/crm/hubspot/intake/hubspot-webhook-config.ts';
import { verifyHubSpotSignature } from '../../src/crm/hubspot/intake/verify-hubspot-signature.ts';
import { InputInvalidError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { Db } from '../../src/store/database.ts';
import { enqueueRecordEvents, type InboxItem } from '../../src/store/inbox-intake.ts';
import { createPortalTenantCache, type PortalDestination } from './portal-tenant-cache.ts';
import { createV3PortalCache } from './v3-portal-cache.ts';

export interface HubSpotWebhookDependencies {
  readonly db: Db;
  readonly config: HubSpotWebhookConfig;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export const HUBSPOT_WEBHOOK_PATH = '/webhooks/hubspot';
const BODY_LIMIT = '1mb';
const MAX_REPORTED_ISSUES = 10;
/**
 * The batch is an array of events whose deepest field is an array of ids: three levels. One more
 * leaves room for a field HubSpot adds holding an object. Deeper bodies are refused before
 * anything walks them recursively (zod, and JSON.stringify when the inbox stores them).
 */
export const HUBSPOT_BATCH_MAX_DEPTH = 4;

/**
 * `POST /webhooks/hubspot`: verify the raw bytes, validate the batch, store the new events in the
 * inbox with one statement (one item per record), answer. HubSpot retries anything but a 2xx for
 * 24 h, so events Baton will never use (another app's, an uninstalled portal's, the echoes of its
 * own write-back) are acknowledged, not refused.
 */
export function hubspotWebhookRouter(deps: HubSpotWebhookDependencies): Router {
  const { db, config, clock, logger } = deps;
  const baseUrl = config.publicBaseUrl.replace(/\/+$/, '');
  const destinationOf = createPortalTenantCache(db, { clock });
  const v3Portals = createV3PortalCache(db);
  if (config.clientSecrets.every((secret) => secret.length === 0)) {
    logger.warn('HUBSPOT_CLIENT_SECRET is not set: every HubSpot webhook will be refused with 401');
  }

  const router = express.Router();
  router.post(
    HUBSPOT_WEBHOOK_PATH,
    // Any content type: the signature covers the bytes whatever HubSpot labels them.
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const now = clock();
      const verdict = verifyHubSpotSignature({
        method: req.method,
        url: baseUrl + req.originalUrl,
        rawBody,
        headers: signatureHeaders(req),
        clientSecrets: config.clientSecrets,
        now: now.getTime(),
      });
      if (!verdict.ok) {
        logger.warn({ reason: verdict.reason }, 'HubSpot webhook refused: signature check failed');
        res.status(401).json({
          error: { code: 'signature_invalid', message: `HubSpot signature check failed: ${verdict.reason}` },
        });
        return;
      }

      const events = parseBatch(rawBody);
      const portals = events.map((event) => event.portalId);
      if (verdict.version === 'v3') {
        await v3Portals.noteV3(portals, now);
      } else if (!(await v3Portals.allowsV1(portals, now))) {
        logger.warn('HubSpot webhook refused: v1 signature for a portal whose deliveries are v3-signed');
        res.status(401).json({
          error: {
            code: 'signature_invalid',
            message: 'HubSpot signature check failed: this portal’s deliveries are signed with v3',
          },
        });
        return;
      }
      const wanted = events.filter(
        (e) => (config.appId === undefined || e.appId === config.appId) && !isBatonEcho(e),
      );
      const destinations = await resolveDestinations(wanted, destinationOf);
      const items: InboxItem[] = [];
      for (const event of wanted) {
        const destination = destinations.get(event.portalId);
        if (!destination || destination.kind === 'ignored') continue;
        items.push({
          crm: 'hubspot',
          externalAccountId: event.portalId,
          tenantId: destination.kind === 'tenant' ? destination.tenantId : null,
          dedupeKey: hubSpotEventDedupeKey(event),
          recordKey: hubSpotEventRecordKey(event),
          payload: event,
        });
      }
      const { inserted, duplicates } = await enqueueRecordEvents(db, HUBSPOT_EVENT, items, now);
      const outcome = {
        received: events.length,
        stored: inserted,
        duplicates,
        ignored: events.length - items.length,
      };
      logger.debug({ ...outcome, signature: verdict.version }, 'HubSpot webhook batch stored');
      res.status(200).json(outcome);
    },
  );
  return router;
}

function signatureHeaders(req: Request) {
  return {
    signatureV3: req.get('x-hubspot-signature-v3'),
    timestamp: req.get('x-hubspot-request-timestamp'),
    signatureV1: req.get('x-hubspot-signature'),
    signatureVersion: req.get('x-hubspot-signature-version'),
  };
}

function parseBatch(rawBody: Buffer): HubSpotEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InputInvalidError('request body is not valid JSON');
  }
  if (nestedDeeperThan(body, HUBSPOT_BATCH_MAX_DEPTH)) {
    throw new InputInvalidError(
      `the body is not a HubSpot webhook batch: it nests deeper than ${HUBSPOT_BATCH_MAX_DEPTH} levels`,
    );
  }
  const parsed = hubSpotEventBatchSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  throw new InputInvalidError(
    `the body is not a HubSpot webhook batch${first ? `: ${first.path} ${first.message}` : ''}`,
    issues,
  );
}

/** Walks arrays and objects without recursion, so any depth is measured without exhausting the stack. */
function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { readonly value: object; readonly depth: number }[] = [];
  if (typeof value === 'object' && value !== null) pending.push({ value, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** A batch normally carries one portal; look each distinct portal up once. */
async function resolveDestinations(
  events: readonly HubSpotEvent[],
  destinationOf: (portalId: string) => Promise<PortalDestination>,
): Promise<Map<string, PortalDestination>> {
  const portals = new Set(events.map((event) => event.portalId));
  return new Map(
    await Promise.all([...portals].map(async (portal) => [portal, await destinationOf(portal)] as const)),
  );
}

/**
 * A change to one of Baton's own `baton_` properties is the echo of its write-back (about ten per
 * written record when the app subscribes to them): the worker would only skip it, so it is
 * acknowledged and never stored.
 */
function isBatonEcho(event: HubSpotEvent): boolean {
  return (
    event.subscriptionType.endsWith('.propertyChange') && (event.propertyName?.startsWith('baton_') ?? false)
  );
}
