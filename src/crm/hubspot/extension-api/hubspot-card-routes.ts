import express, { type Request, type Router } from 'express';
import { answerFieldNote, readFieldNotes, sendFieldNote } from '../../../api/cards/field-intelligence.ts';
import { actOnRecordCard, type CardScope, readRecordCard } from '../../../api/cards/record-card.ts';
import type { CardView } from '../../../core/card/card-view.ts';
import { InputInvalidError } from '../../../errors.ts';
import { loadTenantConfig } from '../../../pipeline/tenant-config.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { hubSpotObjectRecordKey } from '../hubspot-record-keys.ts';
import { canonicalHubSpotId } from '../intake/hubspot-event-schema.ts';
import { HUBSPOT_WRITEBACK } from '../sync/hubspot-writeback-item.ts';
import {
  type HubSpotExtensionDependencies,
  hubspotSignedCallers,
  jsonBodyOf,
} from './hubspot-signed-caller.ts';

export const HUBSPOT_CARD_PATH = '/api/hubspot/cards/contacts';
const CONTACTS = 'contacts';
const SYNC = { writebackKind: HUBSPOT_WRITEBACK, recordKey: hubSpotObjectRecordKey };

/**
 * The card API behind `hubspot.fetch`: one contact's card view of the signed portal, the
 * holder's accept and reject, and the field intelligence thread between the rep and marketing. The handlers are the CRM-neutral ones the console will serve too.
 */
export function hubspotCardRouter(deps: HubSpotExtensionDependencies): Router {
  const { db, clock } = deps;
  const { callerOf, actorFor } = hubspotSignedCallers(deps);
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '64kb' });

  async function signedScope(req: Request) {
    const caller = await callerOf(req);
    const recordId = canonicalHubSpotId(req.params.id);
    if (!recordId)
      throw new InputInvalidError('the contact id must be a HubSpot record id', [
        { path: 'id', message: 'not a record id' },
      ]);
    const scope: CardScope = {
      tenant: caller.tenant,
      config: await loadTenantConfig(db, caller.tenant, HUBSPOT_DEFAULTS),
      objectType: CONTACTS,
      recordId,
    };
    return { scope, caller };
  }

  /** The holder's name from HubSpot's owners, when the view has only their owner id. */
  async function named(tenantId: string, view: CardView): Promise<CardView> {
    const person = view.owner.person;
    if (!person || person.name !== null || !deps.ownerNameOf) return view;
    const name = await deps.ownerNameOf(tenantId, person.id);
    return name === null ? view : { ...view, owner: { ...view.owner, person: { ...person, name } } };
  }

  router.get(`${HUBSPOT_CARD_PATH}/:id`, raw, async (req, res) => {
    const { scope } = await signedScope(req);
    res.json(await named(scope.tenant.id, await readRecordCard(db, scope, clock())));
  });

  for (const kind of ['accept', 'reject'] as const) {
    router.post(`${HUBSPOT_CARD_PATH}/:id/${kind}`, raw, async (req, res) => {
      const { scope, caller } = await signedScope(req);
      const input = jsonBodyOf(caller.rawBody);
      const actor = await actorFor(caller.tenant, caller.userId);
      const view = await actOnRecordCard(db, { ...scope, sync: SYNC }, actor, { kind, input }, clock());
      res.json(await named(scope.tenant.id, view));
    });
  }
  router.get(`${HUBSPOT_CARD_PATH}/:id/field-notes`, raw, async (req, res) => {
    const { scope, caller } = await signedScope(req);
    res.json(await readFieldNotes(db, scope, await actorFor(caller.tenant, caller.userId)));
  });

  router.post(`${HUBSPOT_CARD_PATH}/:id/field-notes`, raw, async (req, res) => {
    const { scope, caller } = await signedScope(req);
    const input = jsonBodyOf(caller.rawBody);
    const actor = await actorFor(caller.tenant, caller.userId);
    res.json(await sendFieldNote(db, scope, actor, input, clock()));
  });

  router.post(`${HUBSPOT_CARD_PATH}/:id/field-notes/:noteId/answer`, raw, async (req, res) => {
    const { scope, caller } = await signedScope(req);
    const input = jsonBodyOf(caller.rawBody);
    const actor = await actorFor(caller.tenant, caller.userId);
    await answerFieldNote(
      db,
      caller.tenant,
      actor,
      String(req.params.noteId),
      input,
      clock(),
      scope.recordId,
    );
    res.json(await readFieldNotes(db, scope, actor));
  });
  return router;
}
