import type { Request } from 'express';
import type { CardActor } from '../../../api/cards/record-card.ts';
import { actorOf } from '../../../api/roles.ts';
import { InputInvalidError, SignatureInvalidError } from '../../../errors.ts';
import type { Logger } from '../../../log.ts';
import type { Db } from '../../../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../../../store/tenants.ts';
import { canonicalHubSpotId } from '../intake/hubspot-event-schema.ts';
import type { HubSpotWebhookConfig } from '../intake/hubspot-webhook-config.ts';
import { verifyHubSpotSignature } from '../intake/verify-hubspot-signature.ts';
import type { HubSpotCardUser } from './hubspot-card-user.ts';

export interface HubSpotExtensionDependencies {
  readonly db: Db;
  readonly config: HubSpotWebhookConfig;
  /** The HubSpot user's owner id and teams; absent while HubSpot is not configured. */
  readonly userOf: ((tenantId: string, userId: string) => Promise<HubSpotCardUser>) | null;
  /** The name of the owner holding a lead; absent while HubSpot is not configured. */
  readonly ownerNameOf?: ((tenantId: string, ownerId: string) => Promise<string | null>) | null;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** A `hubspot.fetch` caller, as its signature proves them. */
export interface SignedHubSpotCaller {
  readonly tenant: Tenant;
  readonly userId: string;
  readonly rawBody: Buffer;
}

/**
 * The front door of the card and settings APIs. `hubspot.fetch` signs every request with v3 over
 * the exact URL (with the caller's `portalId` and `userId` HubSpot appended) and the body: the
 * tenant comes only from the signed `portalId`, the caller only from the signed `userId`.
 * Routes using it must read the body raw (`express.raw`), since the signature covers its bytes.
 */
export function hubspotSignedCallers(deps: HubSpotExtensionDependencies) {
  const { db, config, clock, logger } = deps;
  const baseUrl = config.publicBaseUrl.replace(/\/+$/, '');

  async function callerOf(req: Request): Promise<SignedHubSpotCaller> {
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
    // v3 only: a request without a signed timestamp could be replayed forever.
    if (!verdict.ok || verdict.version !== 'v3') {
      logger.warn(
        { reason: verdict.ok ? 'not_v3' : verdict.reason },
        'extension request refused: signature check failed',
      );
      throw new SignatureInvalidError('HubSpot signature check failed');
    }
    const portalId = canonicalHubSpotId(req.query.portalId);
    const userId = canonicalHubSpotId(req.query.userId);
    if (!portalId || !userId) throw new SignatureInvalidError('the signed request names no portal or user');
    const tenant = await findTenantByExternalId(db, 'hubspot', portalId);
    if (tenant?.status !== 'active') throw new SignatureInvalidError('Baton is not installed in this portal');
    return { tenant, userId, rawBody };
  }

  /** The caller's roles from the tenant's role settings, and the owner id the leads they hold carry. */
  async function actorFor(tenant: Tenant, userId: string): Promise<CardActor> {
    const user = deps.userOf ? await deps.userOf(tenant.id, userId) : { ownerId: null, teamIds: [] };
    const roles = (tenant.settings as { roles?: unknown }).roles;
    return { ...actorOf(roles, { id: userId, teamIds: user.teamIds }), ownerId: user.ownerId };
  }

  return { callerOf, actorFor };
}

/** A signed body, parsed: an empty body is no body, anything else must be JSON. */
export function jsonBodyOf(rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InputInvalidError('the body is not JSON', [{ path: '', message: 'must be a JSON object' }]);
  }
}
