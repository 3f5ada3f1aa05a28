import { z } from 'zod';
import type { CardView } from '../../core/card/card-view.ts';
import { MAX_FEEDBACK_LENGTH } from '../../core/journey/plan-handoff-action.ts';
import { replayLedger } from '../../core/journey/replay-ledger.ts';
import { InputInvalidError, NotFoundError } from '../../errors.ts';
import type { CardActionRequest, CrmSync } from '../../pipeline/crm-port.ts';
import { loadCardView } from '../../pipeline/load-card-view.ts';
import { recordCardAction } from '../../pipeline/record-card-action.ts';
import type { TenantConfig } from '../../pipeline/tenant-config.ts';
import type { Db, Tx } from '../../store/database.ts';
import { readLedger } from '../../store/ledger.ts';
import { getSnapshot } from '../../store/snapshots.ts';
import type { Tenant } from '../../store/tenants.ts';
import { type Actor, hasRole } from '../actor.ts';

/** A caller's id for one action, so a retried request is answered as the first one was. */
export const requestIdSchema = z
  .string({ error: 'requestId must be a string' })
  .min(8, { error: 'requestId must be at least 8 characters (use a UUID)' })
  .max(200, { error: 'requestId must be at most 200 characters' });

export const acceptBodySchema = z.strictObject({ requestId: requestIdSchema });
export const rejectBodySchema = z.strictObject({
  requestId: requestIdSchema,
  reasonCode: z.string({ error: 'reasonCode must be a string' }).min(1, { error: 'reasonCode is required' }),
  feedback: z
    .string({ error: 'feedback must be a string' })
    .max(MAX_FEEDBACK_LENGTH, { error: `feedback must be at most ${MAX_FEEDBACK_LENGTH} characters` })
    .optional(),
});

/** The caller, with the CRM owner id the front door found for them (who may hold leads). */
export type CardActor = Actor & { readonly ownerId: string | null };

export interface CardScope {
  readonly tenant: Tenant;
  readonly config: TenantConfig;
  readonly objectType: string;
  readonly recordId: string;
  readonly people?: Readonly<Record<string, string>>;
}

/** One record's card, for the tenant the front door proved; a record Baton holds no data of is 404. */
export async function readRecordCard(db: Db, scope: CardScope, now: Date): Promise<CardView> {
  await requireKnown(db, scope);
  return loadCardView(db, scope.tenant, scope.objectType, scope.recordId, now, cardOptions(scope));
}

/**
 * Accepts or rejects a handed-off lead from its card, in one transaction (see `recordCardAction`):
 * the lead's holder may; anyone else needs the sales role.
 */
export async function actOnRecordCard(
  db: Db,
  scope: CardScope & { readonly sync: Pick<CrmSync, 'writebackKind' | 'recordKey'> },
  actor: CardActor,
  body: { readonly kind: 'accept' | 'reject'; readonly input: unknown },
  now: Date,
): Promise<CardView> {
  const parsed = parseCardAction(body);
  const handoffActor = { id: actor.id, ownerId: actor.ownerId, actsForSales: hasRole(actor, 'sales') };
  return db.transaction((tx: Tx) => recordCardAction(tx, scope, handoffActor, parsed, now));
}

export function parseCardAction(body: {
  readonly kind: 'accept' | 'reject';
  readonly input: unknown;
}): CardActionRequest {
  const refuse = (issues: readonly z.core.$ZodIssue[]) =>
    new InputInvalidError(
      `the ${body.kind} was not recorded`,
      issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? { path: i.keys.join(', '), message: 'is not a field of this request' }
          : { path: i.path.join('.'), message: i.message },
      ),
    );
  if (body.kind === 'accept') {
    const parsed = acceptBodySchema.safeParse(body.input);
    if (!parsed.success) throw refuse(parsed.error.issues);
    return {
      requestId: parsed.data.requestId,
      action: { kind: 'accept' },
      request: { action: 'accept', ...parsed.data },
    };
  }
  const parsed = rejectBodySchema.safeParse(body.input);
  if (!parsed.success) throw refuse(parsed.error.issues);
  const { requestId, reasonCode, feedback } = parsed.data;
  return {
    requestId,
    action: { kind: 'reject', reasonCode, ...(feedback ? { feedback } : {}) },
    request: { action: 'reject', ...parsed.data },
  };
}

function cardOptions(scope: CardScope) {
  return { config: scope.config, ...(scope.people ? { people: scope.people } : {}) };
}

/** Who holds the record now (its CRM owner, or the Lead's assignee), as its ledger and last snapshot say. */
export async function currentHolder(db: Db | Tx, scope: CardScope): Promise<string | null> {
  const [ledger, snapshot] = await Promise.all([
    readLedger(db, scope.tenant.id, scope.recordId),
    getSnapshot(db, scope.tenant.id, scope.objectType, scope.recordId),
  ]);
  if (!snapshot) {
    throw new NotFoundError(`Baton holds no ${scope.objectType} record ${scope.recordId} of this account`);
  }
  const state = replayLedger(
    scope.recordId,
    ledger,
    { recordId: scope.recordId, properties: snapshot.properties, observedAt: snapshot.observedAt },
    scope.config.mapping,
  );
  return state.ownerPerson;
}

async function requireKnown(db: Db | Tx, scope: CardScope): Promise<void> {
  const snapshot = await getSnapshot(db, scope.tenant.id, scope.objectType, scope.recordId);
  if (!snapshot)
    throw new NotFoundError(`Baton holds no ${scope.objectType} record ${scope.recordId} of this account`);
}
