import express, { type Request, type Router } from 'express';
import { actOnRecordCard, type CardScope, readRecordCard } from '../../../api/cards/record-card.ts';
import { actorOf } from '../../../api/roles.ts';
import { InputInvalidError, SignatureInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import { loadTenantConfig } from '../../../pipeline/tenant-config.ts';
import type { Db } from '../../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../../store/tenants.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { hubSpotObjectRecordKey } from '../hubspot-record-keys.ts';
import { canonicalHubSpotId } from '../intake/hubspot-event-schema.ts';
import type { HubSpotWebhookConfig } from '../intake/hubspot-webhook-config.ts';
import { verifyHubSpotSignature } from '../intake/verify-hubspot-signature.ts';
import { HUBSPOT_WRITEBACK } from '../sync/hubspot-writeback-item.ts';
import type { HubSpotCardUser } from './hubspot-card-user.ts';

export const HUBSPOT_CARD_PATH = '/api/hubspot/cards/contacts';
const CONTACTS = 'contacts';
const SYNC = { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey };

export interface HubSpotCardRouteDependencies {
  readonly db: Db;
  readonly config: HubSpotWebhookConfig;
  /** The HubSpot user's owner id and teams; absent while HubSpot is not configured. */
  readonly userOf: ((tenantId: string, userId: string) => Promise<HubSpotCardUser>) | null;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * The card API's HubSpot front door. `hubspot.fetch` signs every request with v3 over the exact
 * URL (with the caller's `portalId` and `userId` HubSpot appended) and the body: the tenant comes
 * only from the signed `portalId`, the caller only from the signed `userId`, and the handlers
 * behind it are the CRM-neutral ones the console will serve too.
 */
export function hubspotCardRouter(deps: HubSpotCardRouteDependencies): Router {
  const { db, config, clock, logger } = deps;
  const baseUrl = config.publicBaseUrl.replace(/\/+$/, '');
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '64kb' });

  async function signedScope(req: Request) {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifyHubSpotSignature({
      method: req.method,
      url: baseUrl + req.originalUrl,
      rawBody,
      headers: {
        signatureV3: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
      },
      clientSecrets: config.clientSecrets,
      now: clock().getTime(),
    });
    // v3 only: a card request without a signed timestamp could be replayed forever.
    if (!verdict.ok || verdict.version !== 'v3') {
      logger.warn(
        { reason: verdict.ok ? 'not_v3' : verdict.reason },
        'card request refused: signature check failed',
      );
      throw new SignatureInvalidError('HubSpot signature check failed');
    }
    const portalId = canonicalHubSpotId(req.query.portalId);
    const userId = canonicalHubSpotId(req.query.userId);
    if (!portalId || !userId) throw new SignatureInvalidError('the signed request names no portal or user');
    const tenant = await findTenantByExternalId(db, 'hubspot', portalId);
    if (tenant?.status !== 'active') throw new SignatureInvalidError('Baton is not installed in this portal');
    const recordId = canonicalHubSpotId(req.params.id);
    if (!recordId)
      throw new InputInvalidError('the contact id must be a HubSpot record id', [
        { path: 'id', message: 'not a record id' },
      ]);
    const scope: CardScope = {
      tenant,
      config: await loadTenantConfig(db, tenant, HUBSPOT_DEFAULTS),
      objectType: CONTACTS,
      recordId,
    };
    return { scope, tenant, userId, rawBody };
  }

  async function actorFor(tenant: Tenant, userId: string) {
    const user = deps.userOf ? await deps.userOf(tenant.id, userId) : { ownerId: null, teamIds: [] };
    const roles = (tenant.settings as { roles?: unknown }).roles;
    return { ...actorOf(roles, { id: userId, teamIds: user.teamIds }), ownerId: user.ownerId };
  }

  router.get(`${HUBSPOT_CARD_PATH}/:id`, raw, async (req, res) => {
    const { scope } = await signedScope(req);
    res.json(await readRecordCard(db, scope, clock()));
  });

  for (const kind of ['accept', 'reject'] as const) {
    router.post(`${HUBSPOT_CARD_PATH}/:id/${kind}`, raw, async (req, res) => {
      const { scope, tenant, userId, rawBody } = await signedScope(req);
      let input: unknown;
      try {
        input = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new InputInvalidError('the body is not JSON', [{ path: '', message: 'must be a JSON object' }]);
      }
      const actor = await actorFor(tenant, userId);
      res.json(await actOnRecordCard(db, { ...scope, sync: SYNC }, actor, { kind, input }, clock()));
    });
  }
  return router;
}
