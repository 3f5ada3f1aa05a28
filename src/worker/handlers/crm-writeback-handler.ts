import { z } from 'zod';
import { InputInvalidError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { CrmSync, CrmWriteOutcome } from '../../pipeline/crm-port.ts';
import { loadCardsToWrite } from '../../pipeline/load-card-view.ts';
import type { TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import type { InboxRow } from '../../store/inbox-intake.ts';
import { type ClockTurn, recordSlaTurns } from '../../store/sla-breaches.ts';
import { type SlaClockWrite, saveSlaClocks } from '../../store/sla-clocks.ts';
import { mergeSnapshotProperties } from '../../store/snapshots.ts';
import type { InboxHandler } from '../handler-registry.ts';
import { activeTenantScope, type TenantScope } from '../tenant-scope.ts';

const writebackSchema = z.object({
  type: z.string(),
  objectType: z.string().min(1),
  recordId: z.string().min(1),
});

interface Written {
  readonly scope: TenantScope;
  readonly byType: readonly {
    readonly objectType: string;
    readonly outcome: CrmWriteOutcome;
    readonly clocks: readonly SlaClockWrite[];
    readonly turns: readonly ClockTurn[];
  }[];
}

/**
 * Writes Baton's card of each queued record back to the CRM. `prepare` loads the cards of the
 * whole group once and has the adapter write them (outside the transaction; writes set values,
 * so a retry after a later failure sends the same values again and changes nothing). `apply`
 * folds what the CRM now holds onto the stored snapshots, so the next write sends only what
 * changed since, and stores each record's SLA clock for the sweep. A running clock's turns (at
 * risk, breached) go into the ledger there too, and a breach queues the stage's breach actions
 * (`recordSlaTurns`). Records the CRM refuses are logged and not retried.
 */
export function createWritebackHandler(
  db: Db,
  sync: CrmSync,
  defaults: TenantDefaults,
  logger: Logger,
): InboxHandler<Written | null> {
  return {
    async prepare(items, now) {
      const scope = await activeTenantScope(db, items, defaults);
      if (!scope) return null;
      const byType = [];
      for (const [objectType, { ids, items: ofType }] of recordsByType(items)) {
        const cards = await loadCardsToWrite(db, scope.tenant, objectType, ids, now, {
          config: scope.config,
        });
        const outcome = await sync.write(scope.tenant, objectType, cards, { items: ofType, now });
        const clocks = [...cards].map(([recordId, { view }]) => ({ recordId, clock: view.sla }));
        const turns = [...cards].flatMap(([recordId, { view }]) =>
          view.sla
            ? [
                {
                  recordId,
                  sla: view.sla,
                  stageLabel: view.stage?.label ?? view.sla.stage,
                  ownerFunction: view.owner.function?.key ?? null,
                  ownerPerson: view.owner.person?.id ?? null,
                },
              ]
            : [],
        );
        byType.push({ objectType, outcome, clocks, turns });
      }
      return { scope, byType };
    },

    async apply(tx, _items, written, now) {
      if (!written) return;
      const { tenant, config } = written.scope;
      for (const { objectType, outcome, clocks, turns } of written.byType) {
        const { results } = outcome;
        await saveSlaClocks(tx, tenant.id, objectType, clocks, now);
        const recorded = await recordSlaTurns(tx, {
          tenant,
          objectType,
          turns,
          model: config.model,
          routing: config.slaRouting,
          sync,
          now,
        });
        if (recorded.breaches > 0) logger.info({ tenant: tenant.id, ...recorded }, 'SLA breaches recorded');
        const held = results.filter((r) => Object.keys(r.written).length > 0);
        await mergeSnapshotProperties(
          tx,
          tenant.id,
          objectType,
          held.map((r) => ({ recordId: r.recordId, properties: r.written })),
          now,
        );
        for (const result of results) {
          for (const reason of result.rejected) {
            logger.warn({ tenant: tenant.id, record: result.recordId, reason }, 'CRM rejected write-back');
          }
        }
        await outcome.settle?.(tx, now);
      }
    },
  };
}

/** The records queued, by object type, each once, in inbox order, with their items. */
function recordsByType(items: readonly InboxRow[]): Map<string, { ids: string[]; items: InboxRow[] }> {
  const byType = new Map<string, { ids: Set<string>; items: InboxRow[] }>();
  for (const item of items) {
    const parsed = writebackSchema.safeParse(item.payload);
    if (!parsed.success) throw new InputInvalidError(`inbox item ${item.id} is not a valid write-back`);
    const group = byType.get(parsed.data.objectType) ?? { ids: new Set<string>(), items: [] };
    group.ids.add(parsed.data.recordId);
    group.items.push(item);
    byType.set(parsed.data.objectType, group);
  }
  return new Map([...byType].map(([type, group]) => [type, { ids: [...group.ids], items: group.items }]));
}
