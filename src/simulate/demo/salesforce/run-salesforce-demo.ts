import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { and, count, eq } from 'drizzle-orm';
import { runReport } from '../../../api/reports/run-report.ts';
import type { CardView } from '../../../core/card/card-view.ts';
import type { LeadQualityReport } from '../../../core/reports/lead-quality-report.ts';
import type { WaterfallReport } from '../../../core/reports/waterfall-report.ts';
import { SALESFORCE_DEFAULTS } from '../../../crm/salesforce/defaults/salesforce-defaults.ts';
import { createLogger, type Logger } from '../../../log.ts';
import { loadCardView } from '../../../pipeline/load-card-view.ts';
import { loadTenantConfig } from '../../../pipeline/tenant-config.ts';
import type { Db } from '../../../store/database.ts';
import { auditLog, cardActions, ledger } from '../../../store/schema.ts';
import { updateTenantSettings } from '../../../store/tenants.ts';
import { activateStarterDefinition, type LifecycleStep } from '../activate-starter-definition.ts';
import { pickHandedOffLead } from '../pick-card-lead.ts';
import { inboxCounts } from '../wait-until-settled.ts';
import { installSalesforceThroughOAuth } from './install-salesforce.ts';
import { generateLeadScenario, type LeadScenario } from './lead-scenario.ts';
import { runLeadScenario } from './run-lead-scenario.ts';
import { type SalesforceStack, startSalesforceStack } from './start-salesforce-stack.ts';

export interface SalesforceDemoOptions {
  readonly leads: number;
  readonly seed: number;
  readonly replayMs?: number;
  readonly databaseUrl?: string | undefined;
  readonly logger?: Logger;
  readonly progress?: (line: string) => void;
}

export interface SalesforceDemoResult {
  readonly scenario: LeadScenario['summary'];
  readonly leadsInOrg: number;
  readonly lifecycle: readonly LifecycleStep[];
  readonly traffic: {
    readonly orgChanges: number;
    readonly outboundMessages: number;
    readonly notifications: number;
    readonly callsByEndpoint: Readonly<Record<string, number>>;
    readonly batonWrites: number;
  };
  readonly inbox: { readonly done: number; readonly dead: number; readonly waiting: number };
  /** Card dispositions kept once each, and those Baton refused (e.g. the lead had moved on). */
  readonly dispositions: number;
  readonly refusedDispositions: number;
  readonly breaches: number;
  /** Tasks Baton's breach actions created in the org. */
  readonly tasks: number;
  readonly waterfall: WaterfallReport;
  readonly quality: LeadQualityReport;
  readonly card: CardView | null;
  readonly replayMs: number;
  readonly elapsedMs: number;
}

const SPAN_MS = 30 * 86_400_000;
const SETTLE_TIMEOUT_MS = 120_000;
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/**
 * `npm run demo -- --crm salesforce`: an org stand-in with Baton's package and Baton in this
 * process, on a throw-away embedded database. Connects Baton through OAuth with PKCE, agrees the
 * starter definition, replays a month of lead traffic (reps accepting and rejecting on the card,
 * statuses, conversions), then reads back what a team would look at.
 */
export async function runSalesforceDemo(options: SalesforceDemoOptions): Promise<SalesforceDemoResult> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const replayMs = options.replayMs ?? 12_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-demo-'));
  try {
    const stack = await startSalesforceStack({
      dataDir,
      databaseUrl: options.databaseUrl,
      logger: options.logger ?? silent,
    });
    try {
      const { db } = stack.database;
      progress(
        `Baton at ${stack.batonUrl} (${stack.database.engine}), Salesforce org stand-in at ${stack.standIn.baseUrl}`,
      );
      const tenant = await installSalesforceThroughOAuth(db, stack.batonUrl, stack.standIn.orgId);
      progress(
        `connected through OAuth with PKCE to org ${stack.standIn.orgId}; Lead statuses read from the org`,
      );
      const scenario = generateLeadScenario({ seed: options.seed, leads: options.leads, spanMs: SPAN_MS });
      // The first rep manages the team: breached hand-offs get a task for them beside the owner's.
      const manager = scenario.reps[0]?.id;
      if (manager)
        await updateTenantSettings(
          db,
          tenant.id,
          (settings) => ({ ...settings, slaRouting: { defaultManager: manager } }),
          { actor: 'demo', now: new Date() },
        );
      const agreed = await activateStarterDefinition(
        db,
        tenant.id,
        {
          marketing: 'marketing@baton-demo.example',
          sales: scenario.reps[0]?.email ?? 'sales@baton-demo.example',
        },
        new Date(),
      );
      for (const step of agreed.steps) {
        progress(`definition "${agreed.definition.name}" ${step.action} (${step.by}) → ${step.status}`);
      }
      const run = await runLeadScenario(stack.standIn, scenario, {
        startAt: Date.now() - SPAN_MS,
        speedup: SPAN_MS / replayMs,
      });
      progress(`replayed ${run.applied} org changes in ${(run.elapsedMs / 1000).toFixed(1)} s`);
      await settle(stack, db, SETTLE_TIMEOUT_MS);
      progress('Outbound Messages acknowledged and the inbox drained');
      const counts = await inboxCounts(db);

      const config = await loadTenantConfig(db, tenant, SALESFORCE_DEFAULTS);
      const [waterfall, quality] = await Promise.all(
        (['waterfall', 'lead-quality'] as const).map(
          async (name) => (await runReport(db, tenant, SALESFORCE_DEFAULTS, name, {}, new Date())).report,
        ),
      );
      const lead = await pickHandedOffLead(db, tenant.id);
      const people = Object.fromEntries(scenario.reps.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
      const card = lead ? await loadCardView(db, tenant, 'Lead', lead, new Date(), { config, people }) : null;
      const calls = stack.standIn.callsByEndpoint();
      const outbound = stack.standIn.outboundStats();
      return {
        scenario: scenario.summary,
        leadsInOrg: stack.standIn.leads().length,
        lifecycle: agreed.steps,
        traffic: {
          orgChanges: run.applied,
          outboundMessages: outbound.messagesAcknowledged,
          notifications: outbound.notificationsAcknowledged,
          callsByEndpoint: calls,
          batonWrites: stack.standIn.changes().filter((c) => c.client === 'Baton').length,
        },
        inbox: {
          done: counts.done ?? 0,
          dead: counts.dead ?? 0,
          waiting: (counts.pending ?? 0) + (counts.processing ?? 0),
        },
        dispositions: await countRows(db, tenant.id),
        refusedDispositions: await countRefusals(db, tenant.id),
        breaches: await countBreaches(db, tenant.id),
        tasks: stack.standIn.tasks().length,
        waterfall: waterfall as WaterfallReport,
        quality: quality as LeadQualityReport,
        card,
        replayMs: run.elapsedMs,
        elapsedMs: Date.now() - started,
      };
    } finally {
      await stack.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Until every Outbound Message is acknowledged and the inbox has nothing left to do, twice in a row. */
export async function settle(stack: SalesforceStack, db: Db, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    await stack.standIn.whenOutboundMessagesDelivered(Math.max(1, deadline - Date.now()));
    const counts = await inboxCounts(db);
    quiet = counts.pending || counts.processing ? 0 : quiet + 1;
    if (Date.now() > deadline)
      throw new Error(`the inbox did not drain within ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    if (quiet < 2) await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function countRows(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cardActions).where(eq(cardActions.tenantId, tenantId));
  return row?.n ?? 0;
}

async function countBreaches(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(ledger)
    .where(
      and(
        eq(ledger.tenantId, tenantId),
        eq(ledger.kind, 'sla_state_changed'),
        eq(ledger.slaState, 'breached'),
      ),
    );
  return row?.n ?? 0;
}

async function countRefusals(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, 'card_action.refused')));
  return row?.n ?? 0;
}
