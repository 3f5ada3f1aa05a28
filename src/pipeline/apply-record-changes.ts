import type { Touch } from '../core/attribution/touch.ts';
import { stageIndex } from '../core/funnel/stage-lookup.ts';
import { deriveJourney, type JourneyContext } from '../core/journey/derive-journey.ts';
import type { JourneyState } from '../core/journey/journey-state.ts';
import type { LedgerEntry } from '../core/journey/ledger-entry.ts';
import { replayLedger } from '../core/journey/replay-ledger.ts';
import { evaluateDefinition } from '../core/qualification/evaluate-definition.ts';
import type { QualificationResult } from '../core/qualification/qualification-result.ts';
import { selectDefinition } from '../core/qualification/select-definition.ts';
import type { PropertyBag, RecordSnapshot } from '../core/record.ts';
import { lockAllForTransaction, type Tx } from '../store/database.ts';
import { type FrozenVerdict, saveFrozenVerdicts } from '../store/frozen-verdicts.ts';
import { refreshLeadFacts } from '../store/lead-facts.ts';
import { appendLedgerEntries, readLedgers } from '../store/ledger.ts';
import { saveQualificationResults } from '../store/qualification-results.ts';
import { getSnapshots, type StoredSnapshot, upsertSnapshots } from '../store/snapshots.ts';
import { upsertTouches } from '../store/touches.ts';
import type { TenantConfig } from './tenant-config.ts';

/** One observed state of a CRM record, with any touches the adapter extracted from it. */
export interface RecordChange {
  readonly objectType: string;
  readonly snapshot: RecordSnapshot;
  readonly touches?: readonly Touch[];
  /**
   * Properties this change keeps from the record's stored snapshot, read under the record's lock:
   * facts the CRM read did not carry this time (HubSpot's contact read holds no Lead).
   */
  readonly carry?: (stored: PropertyBag) => PropertyBag;
}

export interface ApplySummary {
  readonly records: number;
  readonly entriesWritten: number;
  readonly staleSnapshots: number;
}

/**
 * The worker's unit of work for one tenant: qualify each changed record, derive its journey from
 * its ledger plus the new snapshots, and write ledger, snapshots, touches, verdicts and report facts through the
 * caller's transaction. The records are locked for the transaction (in one sorted statement, so
 * two workers never wait on each other in a cycle) so that two workers holding different
 * deliveries for one record take turns instead of deriving from the same past. Reads and writes
 * go one statement per table for the whole batch; only the derivation runs per record.
 */
export async function applyRecordChanges(
  tx: Tx,
  config: TenantConfig,
  received: readonly RecordChange[],
  now: Date,
): Promise<ApplySummary> {
  const recordIds = [...new Set(received.map((c) => c.snapshot.recordId))];
  await lockAllForTransaction(
    tx,
    recordIds.map((id) => `${config.tenantId}:${id}`),
  );
  const [stored, ledgers] = await Promise.all([
    storedSnapshots(tx, config.tenantId, received),
    readLedgers(tx, config.tenantId, recordIds),
  ]);
  const changes = received.map((change) => withCarried(change, stored));
  const byRecord = new Map<string, RecordChange[]>();
  for (const change of changes) {
    const key = typedKey(change.objectType, change.snapshot.recordId);
    byRecord.set(key, [...(byRecord.get(key) ?? []), change]);
  }
  const groups = [...byRecord.values()].map((group) =>
    [...group].sort((a, b) => a.snapshot.observedAt - b.snapshot.observedAt),
  );

  const derived = groups.flatMap((group) => {
    const first = group[0];
    if (!first) return [];
    const { objectType, snapshot } = first;
    const previous = stored.get(typedKey(objectType, snapshot.recordId));
    return [
      deriveRecord(config, snapshot.recordId, group, ledgers.get(snapshot.recordId) ?? [], previous ?? null),
    ];
  });

  const entriesWritten = await appendLedgerEntries(
    tx,
    config.tenantId,
    derived.flatMap((d) => d.entries),
  );
  await upsertSnapshots(
    tx,
    config.tenantId,
    changes.map((c) => ({
      objectType: c.objectType,
      recordId: c.snapshot.recordId,
      properties: c.snapshot.properties,
      observedAt: c.snapshot.observedAt,
    })),
    now,
  );
  const touches = changes.flatMap((c) =>
    (c.touches ?? []).map((t) => ({ ...t, recordId: c.snapshot.recordId })),
  );
  if (touches.length > 0) await upsertTouches(tx, config.tenantId, touches);
  await refreshLeadFacts(tx, config.tenantId, recordIds, now, ledgersAfter(ledgers, derived));
  await saveFrozenVerdicts(
    tx,
    config.tenantId,
    derived.flatMap((d) => d.frozen),
  );
  await saveQualificationResults(
    tx,
    config.tenantId,
    derived.flatMap((d) => (d.verdict ? [{ recordId: d.recordId, ...d.verdict }] : [])),
    now,
  );
  return {
    records: byRecord.size,
    entriesWritten,
    staleSnapshots: derived.reduce((sum, d) => sum + d.stale, 0),
  };
}

/**
 * Each record's ledger as this transaction leaves it: what was read under the record's lock plus
 * what was appended (an entry the ledger already held is the same fact once), so the report
 * facts are rebuilt without reading the ledger again.
 */
function ledgersAfter(
  before: ReadonlyMap<string, readonly LedgerEntry[]>,
  derived: readonly DerivedRecord[],
): Map<string, LedgerEntry[]> {
  const after = new Map<string, LedgerEntry[]>();
  for (const [recordId, entries] of before) after.set(recordId, [...entries]);
  for (const { recordId, entries } of derived) {
    const ledger = after.get(recordId) ?? [];
    const known = new Set(ledger.map((e) => e.dedupeKey));
    for (const entry of entries) if (!known.has(entry.dedupeKey)) ledger.push(entry);
    if (ledger.length > 0) after.set(recordId, ledger);
  }
  return after;
}

const typedKey = (objectType: string, recordId: string) => `${objectType}\u0000${recordId}`;

function withCarried(change: RecordChange, stored: ReadonlyMap<string, StoredSnapshot>): RecordChange {
  const held = change.carry && stored.get(typedKey(change.objectType, change.snapshot.recordId));
  if (!change.carry || !held) return change;
  const { snapshot } = change;
  return {
    ...change,
    snapshot: { ...snapshot, properties: { ...snapshot.properties, ...change.carry(held.properties) } },
  };
}

async function storedSnapshots(
  tx: Tx,
  tenantId: string,
  changes: readonly RecordChange[],
): Promise<Map<string, StoredSnapshot>> {
  const idsByType = new Map<string, Set<string>>();
  for (const change of changes) {
    const ids = idsByType.get(change.objectType) ?? new Set<string>();
    ids.add(change.snapshot.recordId);
    idsByType.set(change.objectType, ids);
  }
  const stored = new Map<string, StoredSnapshot>();
  for (const [objectType, ids] of idsByType) {
    for (const snapshot of await getSnapshots(tx, tenantId, objectType, [...ids])) {
      stored.set(typedKey(objectType, snapshot.recordId), snapshot);
    }
  }
  return stored;
}

interface DerivedRecord {
  readonly recordId: string;
  readonly entries: readonly LedgerEntry[];
  /** The verdicts to freeze with this derivation's qualification and hand-off events. */
  readonly frozen: readonly FrozenVerdict[];
  readonly stale: number;
  readonly verdict: { readonly result: QualificationResult; readonly observedAt: number } | null;
}

/** One record's new ledger entries and latest verdict, from its past and its new snapshots. */
function deriveRecord(
  config: TenantConfig,
  recordId: string,
  changes: readonly RecordChange[],
  ledger: readonly LedgerEntry[],
  stored: StoredSnapshot | null,
): DerivedRecord {
  const lastSnapshot: RecordSnapshot | null = stored
    ? { recordId, properties: stored.properties, observedAt: stored.observedAt }
    : null;
  let state = replayLedger(recordId, ledger, lastSnapshot, config.mapping);
  const entries: LedgerEntry[] = [];
  const frozen: FrozenVerdict[] = [];
  let stale = 0;
  let verdict: DerivedRecord['verdict'] = null;

  for (const change of changes) {
    const qualification = qualify(config, change.snapshot);
    if (qualification) verdict = { result: qualification, observedAt: change.snapshot.observedAt };
    const context: JourneyContext = {
      model: config.model,
      mapping: config.mapping,
      ...(qualification
        ? {
            qualification: {
              definitionKey: qualification.definitionKey,
              definitionVersion: qualification.definitionVersion,
            },
          }
        : {}),
    };
    const step = deriveJourney(state, { kind: 'snapshot', snapshot: change.snapshot }, context);
    if (step.outcome === 'stale') stale += 1;
    state = step.state;
    entries.push(...step.entries);
    frozen.push(...verdictsToFreeze(recordId, step.entries, qualification));
    if (qualification?.verdict === 'qualified' && qualifiesAhead(config, state)) {
      const qualified = deriveJourney(
        state,
        { kind: 'event', event: 'qualified', occurredAt: change.snapshot.observedAt, actor: 'baton' },
        context,
      );
      state = qualified.state;
      entries.push(...qualified.entries);
      frozen.push(...verdictsToFreeze(recordId, qualified.entries, qualification));
    }
  }
  return { recordId, entries, frozen, stale, verdict };
}

/**
 * The lead carries the verdict it was judged by: the one of the snapshot that qualified it or
 * handed it off, frozen with that event, whatever the record looks like later.
 */
function verdictsToFreeze(
  recordId: string,
  entries: readonly LedgerEntry[],
  qualification: QualificationResult | null,
): FrozenVerdict[] {
  if (!qualification) return [];
  return entries.flatMap((entry) =>
    entry.kind === 'handoff_event' && (entry.event === 'qualified' || entry.event === 'handed_off')
      ? [
          {
            recordId,
            dedupeKey: entry.dedupeKey,
            occasion: entry.event,
            occurredAt: entry.occurredAt,
            result: qualification,
          },
        ]
      : [],
  );
}

function qualify(config: TenantConfig, snapshot: RecordSnapshot): QualificationResult | null {
  const { territory, productLine } = config.scopeProperties;
  const value = (property: string | undefined) =>
    property === undefined ? undefined : (snapshot.properties[property] ?? undefined);
  const t = value(territory);
  const p = value(productLine);
  const selection = selectDefinition(config.definitions, {
    ...(t !== undefined ? { territory: t } : {}),
    ...(p !== undefined ? { productLine: p } : {}),
  });
  return selection.definition
    ? evaluateDefinition(selection.definition, snapshot, snapshot.observedAt)
    : null;
}

/**
 * Baton's own verdict counts as the qualification when the CRM has not yet moved the record to
 * the stage that means "qualified"; the write-back then moves it, and that stage's milestone finds
 * `qualified` already recorded for this cycle.
 */
function qualifiesAhead(config: TenantConfig, state: JourneyState): boolean {
  if (state.cycleEvents.qualified !== undefined) return false;
  const target = config.model.stages.findIndex((s) => s.milestones?.includes('qualified'));
  if (target < 0) return false;
  const current = state.stage === null ? -1 : stageIndex(config.model, state.stage);
  return current < target;
}
