import { Writable } from 'node:stream';
import { desc, eq } from 'drizzle-orm';
import { ConflictError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CrmBackfillArgs, CrmBackfillRun } from '../pipeline/crm-port.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { backfillRuns } from '../store/schema.ts';
import type { Tenant } from '../store/tenants.ts';

/** A CRM's `baton backfill`, as the console starts it for a tenant. */
export type CrmBackfill = (
  run: Omit<CrmBackfillRun<unknown>, 'env'>,
  args: CrmBackfillArgs,
) => Promise<{ readonly interrupted: boolean }>;

export interface BackfillStatus {
  readonly running: boolean;
  readonly startedAt: string | null;
  readonly lastError: string | null;
  readonly runs: readonly {
    readonly objectType: string;
    readonly imported: number;
    readonly expectedTotal: number | null;
    readonly slicesDone: number;
    readonly slices: number;
    readonly startedAt: string;
    readonly updatedAt: string;
    readonly finishedAt: string | null;
  }[];
}

interface Running {
  readonly startedAt: Date;
}

/**
 * Backfills started from the console run in this process beside the worker, one per tenant, as
 * `baton backfill` would from a shell; their progress is the stored run, which another process's
 * command line shares. A run stopped by a restart resumes where it stood the next time it starts.
 */
export function createConsoleBackfills(deps: {
  readonly db: Db;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly backfills: Readonly<Partial<Record<Crm, CrmBackfill>>>;
}) {
  const running = new Map<string, Running>();
  const failures = new Map<string, string>();

  async function status(tenant: Tenant): Promise<BackfillStatus> {
    const rows = await deps.db
      .select()
      .from(backfillRuns)
      .where(eq(backfillRuns.tenantId, tenant.id))
      .orderBy(desc(backfillRuns.startedAt));
    const live = running.get(tenant.id);
    return {
      running: live !== undefined,
      startedAt: live?.startedAt.toISOString() ?? null,
      lastError: failures.get(tenant.id) ?? null,
      runs: rows.map((row) => ({
        objectType: row.objectType,
        imported: row.imported,
        expectedTotal: row.expectedTotal,
        slicesDone: row.slicesDone,
        slices: row.slicesDone + row.slices.length,
        startedAt: row.startedAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        finishedAt: row.finishedAt?.toISOString() ?? null,
      })),
    };
  }

  return {
    status,
    async start(tenant: Tenant, restart: boolean): Promise<BackfillStatus> {
      const backfill = deps.backfills[tenant.crm];
      if (!backfill) throw new ConflictError(`Baton cannot backfill ${tenant.crm} accounts`);
      if (running.has(tenant.id))
        throw new ConflictError('a backfill is running already: wait for it to finish');
      failures.delete(tenant.id);
      const lines: string[] = [];
      // The command's own words (progress, the reason it stopped) are what the console shows on failure.
      const sink = new Writable({
        write(chunk, _encoding, done) {
          lines.push(
            ...String(chunk)
              .split(/\r|\n/)
              .filter((line) => line.trim() !== ''),
          );
          lines.splice(0, Math.max(0, lines.length - 5));
          done();
        },
      });
      void backfill(
        { db: deps.db, err: sink, out: { write: (text: string) => sink.write(text) } },
        { account: tenant.externalId, restart },
      )
        .then(({ interrupted }) => {
          // Nothing here aborts a run, so an interruption is the command stopping itself (a reserve).
          if (interrupted)
            failures.set(
              tenant.id,
              `the backfill stopped before the end: ${lines.at(-1) ?? 'no reason given'}`,
            );
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          failures.set(tenant.id, `${message}${lines.length > 0 ? ` (last said: ${lines.at(-1)})` : ''}`);
          deps.logger.warn({ tenant: tenant.id, err: error }, 'a backfill started from the console failed');
        })
        .finally(() => running.delete(tenant.id));
      running.set(tenant.id, { startedAt: deps.clock() });
      return status(tenant);
    },
  };
}

export type ConsoleBackfills = ReturnType<typeof createConsoleBackfills>;
