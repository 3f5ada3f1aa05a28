import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { type BackfillSlice, backfillRuns } from './schema.ts';

export type { BackfillSlice };
export type BackfillRun = typeof backfillRuns.$inferSelect;

/** Where a run stands after one more step; `slices` empty means the run is finished. */
export interface BackfillProgress {
  readonly slices: readonly BackfillSlice[];
  readonly after: string | null;
  readonly slicesDone: number;
  readonly imported: number;
  readonly requests: number;
  readonly expectedTotal: number | null;
}

/** Another process advanced or restarted the same run since this one read it. */
export class BackfillRunMovedError extends Error {}

export async function getBackfillRun(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
): Promise<BackfillRun | null> {
  const [found] = await db
    .select()
    .from(backfillRuns)
    .where(and(eq(backfillRuns.tenantId, tenantId), eq(backfillRuns.objectType, objectType)));
  return found ?? null;
}

/** Creates the run, or replaces an earlier one (`--restart`), starting from `slices`. */
export async function startBackfillRun(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  slices: readonly BackfillSlice[],
  now: Date,
): Promise<BackfillRun> {
  const fresh = {
    slices: [...slices],
    after: null,
    slicesDone: 0,
    imported: 0,
    requests: 0,
    expectedTotal: null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  const [run] = await db
    .insert(backfillRuns)
    .values({ tenantId, objectType, ...fresh, version: 1 })
    .onConflictDoUpdate({
      target: [backfillRuns.tenantId, backfillRuns.objectType],
      // A restart bumps the version too, so a process still running the old run stops.
      set: { ...fresh, version: sql`${backfillRuns.version} + 1` },
    })
    .returning();
  if (!run) throw new Error(`backfill run of tenant ${tenantId} was not created`);
  return run;
}

/**
 * Records one step, in the caller's transaction with the work it covers, so a page is either
 * imported and passed or neither. Fails with BackfillRunMovedError (rolling the work back) when
 * the stored run is no longer at `version`.
 */
export async function saveBackfillProgress(
  db: Db | Tx,
  run: Pick<BackfillRun, 'tenantId' | 'objectType' | 'version'>,
  progress: BackfillProgress,
  now: Date,
): Promise<BackfillRun> {
  const [saved] = await db
    .update(backfillRuns)
    .set({
      slices: [...progress.slices],
      after: progress.after,
      slicesDone: progress.slicesDone,
      imported: progress.imported,
      requests: progress.requests,
      expectedTotal: progress.expectedTotal,
      version: run.version + 1,
      updatedAt: now,
      finishedAt: progress.slices.length === 0 ? now : null,
    })
    .where(
      and(
        eq(backfillRuns.tenantId, run.tenantId),
        eq(backfillRuns.objectType, run.objectType),
        eq(backfillRuns.version, run.version),
      ),
    )
    .returning();
  if (!saved) {
    throw new BackfillRunMovedError(
      `the ${run.objectType} backfill of tenant ${run.tenantId} was advanced or restarted by another process`,
    );
  }
  return saved;
}
