import type { LedgerEntry } from '../src/core/journey/ledger-entry.ts';
import type { Database } from '../src/store/database.ts';
import { appendLedgerEntries } from '../src/store/ledger.ts';
import { createTenant } from '../src/store/tenants.ts';
import type { BenchRow } from './table.ts';
import { onEachEngine, percentile } from './throw-away-database.ts';

const BATCH = 100;
const WARM_UP_BATCHES = 20;
const RUN_MS = 2000;

/**
 * Ledger append throughput in batches of 100 (one worker transaction's worth), on embedded
 * PGlite with a real data directory and, given a server URL, on a fresh throw-away database there.
 */
export async function benchLedger(options: { databaseUrl?: string }): Promise<BenchRow[]> {
  return onEachEngine(options, measureEngine);
}

async function measureEngine(label: string, database: Database): Promise<BenchRow[]> {
  try {
    const tenant = await createTenant(
      database.db,
      { crm: 'hubspot', externalId: 'bench', name: 'Bench', status: 'active' },
      new Date(0),
    );
    let nextBatch = 0;
    const batch = (): LedgerEntry[] => {
      const b = nextBatch++;
      return Array.from({ length: BATCH }, (_, i) => entry(b, i));
    };
    for (let i = 0; i < WARM_UP_BATCHES; i++) await appendLedgerEntries(database.db, tenant.id, batch());

    const latencies: number[] = [];
    let inserted = 0;
    const start = performance.now();
    while (performance.now() - start < RUN_MS) {
      const before = performance.now();
      inserted += await appendLedgerEntries(database.db, tenant.id, batch());
      latencies.push(performance.now() - before);
    }
    const insertRate = (inserted * 1000) / (performance.now() - start);
    if (inserted !== latencies.length * BATCH)
      throw new Error(`expected every entry inserted, got ${inserted}`);

    const replayed = nextBatch - 1;
    const replayStart = performance.now();
    let replays = 0;
    while (performance.now() - replayStart < RUN_MS / 4) {
      const again = Array.from({ length: BATCH }, (_, i) => entry(replayed, i));
      if ((await appendLedgerEntries(database.db, tenant.id, again)) !== 0)
        throw new Error('replay inserted entries');
      replays += BATCH;
    }
    const replayRate = (replays * 1000) / (performance.now() - replayStart);

    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (p: number) => percentile(sorted, p).toFixed(2);
    return [
      {
        suite: 'ledger append',
        case: `${label}, batches of ${BATCH}`,
        opsPerSec: insertRate,
        note: `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms per batch`,
      },
      { suite: 'ledger append', case: `${label}, replayed batch (no-op)`, opsPerSec: replayRate },
    ];
  } finally {
    await database.close();
  }
}

function entry(batch: number, i: number): LedgerEntry {
  const occurredAt = Date.UTC(2026, 2, 2) + batch * 1000 + i;
  return {
    kind: i % 2 === 0 ? 'stage_entered' : 'handoff_event',
    recordId: `contact-${batch * 10 + (i % 10)}`,
    occurredAt,
    dedupeKey: `${i % 2 === 0 ? 'stage:mql' : 'event:qualified'}:${occurredAt}`,
    stage: 'mql',
    ...(i % 2 === 0
      ? {}
      : { event: 'qualified' as const, definitionKey: 'mql_default', definitionVersion: 3 }),
    ownerFunction: 'marketing',
    ownerPerson: `rep-${i % 7}`,
  };
}
