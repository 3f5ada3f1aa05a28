import type { Touch } from '../core/attribution/touch.ts';
import { stageIndex } from '../core/funnel/stage-lookup.ts';
import { deriveJourney, type JourneyContext } from '../core/journey/derive-journey.ts';
import type { JourneyState } from '../core/journey/journey-state.ts';
import type { LedgerEntry } from '../core/journey/ledger-entry.ts';
import { replayLedger } from '../core/journey/replay-ledger.ts';
import { evaluateDefinition } from '../core/qualification/evaluate-definition.ts';
import type { QualificationResult } from '../core/qualification/qualification-result.ts';
import { selectDefinition } from '../core/qualification/select-definition.ts';
import type { RecordSnapshot } from '../core/record.ts';
import { lockForTransaction, type Tx } from '../store/database.ts';
import { appendLedgerEntries, readLedger } from '../store/ledger.ts';
import { saveQualificationResult } from '../store/qualification-results.ts';
import { getSnapshot, upsertSnapshots } from '../store/snapshots.ts';
import { upsertTouches } from '../store/touches.ts';
import type { TenantConfig } from './tenant-config.ts';

/** One observed state of a CRM record, with any touches the adapter extracted from it. */
export interface RecordChange {
  readonly objectType: string;
  readonly snapshot: RecordSnapshot;
  readonly touches?: readonly Touch[];
}

export interface ApplySummary {
  readonly records: number;
  readonly entriesWritten: number;
  readonly staleSnapshots: number;
}

/**
 * The worker's unit of work for one tenant: qualify each changed record, derive its journey from
 * its ledger plus the new snapshots, and write ledger, snapshot, touches and verdict through the
 * caller's transaction. Each record is locked for the transaction so two workers holding
 * different deliveries for the same record take turns instead of deriving from the same past.
 */
export async function applyRecordChanges(
  tx: Tx,
  config: TenantConfig,
  changes: readonly RecordChange[],
  now: Date,
): Promise<ApplySummary> {
  const byRecord = new Map<string, RecordChange[]>();
  for (const change of changes) {
    const key = `${change.objectType}\u0000${change.snapshot.recordId}`;
    byRecord.set(key, [...(byRecord.get(key) ?? []), change]);
  }
  let entriesWritten = 0;
  let staleSnapshots = 0;
  for (const group of byRecord.values()) {
    const ordered = [...group].sort((a, b) => a.snapshot.observedAt - b.snapshot.observedAt);
    const first = ordered[0];
    if (!first) continue;
    const result = await applyToRecord(tx, config, first.objectType, first.snapshot.recordId, ordered, now);
    entriesWritten += result.entriesWritten;
    staleSnapshots += result.stale;
  }
  return { records: byRecord.size, entriesWritten, staleSnapshots };
}

async function applyToRecord(
  tx: Tx,
  config: TenantConfig,
  objectType: string,
  recordId: string,
  changes: readonly RecordChange[],
  now: Date,
): Promise<{ entriesWritten: number; stale: number }> {
  await lockRecord(tx, config.tenantId, recordId);
  const [stored, ledger] = await Promise.all([
    getSnapshot(tx, config.tenantId, objectType, recordId),
    readLedger(tx, config.tenantId, recordId),
  ]);
  const lastSnapshot: RecordSnapshot | null = stored
    ? { crm: config.crm, recordId, properties: stored.properties, observedAt: stored.observedAt }
    : null;
  let state = replayLedger(recordId, ledger, lastSnapshot, config.mapping);
  const entries: LedgerEntry[] = [];
  let stale = 0;
  let verdict: { result: QualificationResult; observedAt: number } | null = null;

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
    if (qualification?.verdict === 'qualified' && qualifiesAhead(config, state)) {
      const qualified = deriveJourney(
        state,
        { kind: 'event', event: 'qualified', occurredAt: change.snapshot.observedAt, actor: 'baton' },
        context,
      );
      state = qualified.state;
      entries.push(...qualified.entries);
    }
  }

  const entriesWritten = await appendLedgerEntries(tx, config.tenantId, entries);
  await upsertSnapshots(
    tx,
    config.tenantId,
    changes.map((c) => ({
      objectType,
      recordId,
      properties: c.snapshot.properties,
      observedAt: c.snapshot.observedAt,
    })),
    now,
  );
  const touches = changes.flatMap((c) => (c.touches ?? []).map((t) => ({ ...t, recordId })));
  if (touches.length > 0) await upsertTouches(tx, config.tenantId, touches);
  if (verdict)
    await saveQualificationResult(tx, config.tenantId, recordId, verdict.result, verdict.observedAt, now);
  return { entriesWritten, stale };
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

function lockRecord(tx: Tx, tenantId: string, recordId: string): Promise<void> {
  return lockForTransaction(tx, `${tenantId}:${recordId}`);
}
