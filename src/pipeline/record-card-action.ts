import type { CardView } from '../core/card/card-view.ts';
import { deriveJourney } from '../core/journey/derive-journey.ts';
import { planHandoffAction } from '../core/journey/plan-handoff-action.ts';
import { replayLedger } from '../core/journey/replay-ledger.ts';
import { ConflictError, ForbiddenError, InputInvalidError, NotFoundError } from '../errors.ts';
import { findCardAction, saveCardAction } from '../store/card-actions.ts';
import { lockForTransaction, type Tx } from '../store/database.ts';
import { enqueue } from '../store/inbox-intake.ts';
import { refreshLeadFacts } from '../store/lead-facts.ts';
import { appendLedgerEntries, readLedger } from '../store/ledger.ts';
import type { JsonObject } from '../store/schema.ts';
import { getSnapshot } from '../store/snapshots.ts';
import type { Tenant } from '../store/tenants.ts';
import type { CardActionRequest, CrmSync, HandoffActor } from './crm-port.ts';
import { loadCardView } from './load-card-view.ts';
import type { TenantConfig } from './tenant-config.ts';
import { writebackItem } from './writeback-item.ts';

export interface CardActionScope {
  readonly tenant: Tenant;
  readonly config: TenantConfig;
  readonly objectType: string;
  readonly recordId: string;
  readonly people?: Readonly<Record<string, string>>;
  readonly sync: Pick<CrmSync, 'writebackKind' | 'recordKey'>;
}

/**
 * Records an accept or reject of a handed-off lead in the caller's transaction: the lead's holder
 * may, anyone else must act for sales. The event goes into the ledger and a write-back is queued
 * with the request id, so a repeated request answers the first answer and records nothing twice
 * (a card's retried call, or a Salesforce disposition read again from the Lead).
 */
export async function recordCardAction(
  tx: Tx,
  scope: CardActionScope,
  actor: HandoffActor,
  parsed: CardActionRequest,
  now: Date,
): Promise<CardView> {
  const { requestId: id, action, request } = parsed;
  const { tenant, recordId } = scope;
  // The same lock the pipeline takes per record, so the card and a CRM change take turns.
  await lockForTransaction(tx, `${tenant.id}:${recordId}`);
  await lockForTransaction(tx, `card-action:${tenant.id}:${id}`);
  const earlier = await findCardAction(tx, tenant.id, id);
  if (earlier) {
    if (earlier.recordId !== recordId || JSON.stringify(earlier.request) !== JSON.stringify(request)) {
      throw new ConflictError('this requestId was used for another request; send a new one');
    }
    return earlier.response as unknown as CardView;
  }
  const snapshot = await getSnapshot(tx, tenant.id, scope.objectType, recordId);
  if (!snapshot)
    throw new NotFoundError(`Baton holds no ${scope.objectType} record ${recordId} of this account`);
  const ledger = await readLedger(tx, tenant.id, recordId);
  const state = replayLedger(
    recordId,
    ledger,
    { recordId, properties: snapshot.properties, observedAt: snapshot.observedAt },
    scope.config.mapping,
  );
  const holds = state.ownerPerson !== null && state.ownerPerson === actor.ownerId;
  if (!holds && !actor.actsForSales) {
    throw new ForbiddenError(`${actor.id} neither holds this lead nor has the sales role`);
  }
  const planned = planHandoffAction(state, action, {
    actor: actor.id,
    at: now.getTime(),
    reasonCodes: scope.config.reasonCodes,
  });
  if (!planned.ok) {
    const [issue] = planned.issues;
    if (issue?.path === 'kind') throw new ConflictError(issue.message);
    throw new InputInvalidError(`the ${action.kind} was not recorded`, planned.issues);
  }
  const step = deriveJourney(state, planned.value, {
    model: scope.config.model,
    mapping: scope.config.mapping,
  });
  await appendLedgerEntries(tx, tenant.id, step.entries);
  await refreshLeadFacts(tx, tenant.id, [recordId], now);
  await enqueue(
    tx,
    [writebackItem(scope.sync, tenant, { objectType: scope.objectType, recordId }, `card:${id}`)],
    now,
  );
  const view = await loadCardView(tx, tenant, scope.objectType, recordId, now, {
    config: scope.config,
    ...(scope.people ? { people: scope.people } : {}),
  });
  await saveCardAction(
    tx,
    tenant.id,
    id,
    { recordId, request, response: view as unknown as JsonObject, actor: actor.id },
    now,
  );
  return view;
}
