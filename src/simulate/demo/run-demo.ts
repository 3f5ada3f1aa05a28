import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { and, count, eq } from 'drizzle-orm';
import { runReport } from '../../api/reports/run-report.ts';
import type { CardView } from '../../core/card/card-view.ts';
import type { LeadQualityReport } from '../../core/reports/lead-quality-report.ts';
import type { WaterfallReport } from '../../core/reports/waterfall-report.ts';
import { HUBSPOT_DEFAULTS } from '../../crm/hubspot/defaults/hubspot-defaults.ts';
import { createLogger, type Logger } from '../../log.ts';
import { loadCardView } from '../../pipeline/load-card-view.ts';
import { loadTenantConfig } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import { ledger } from '../../store/schema.ts';
import { updateTenantSettings } from '../../store/tenants.ts';
import { generateScenario, type ScenarioSummary } from '../hubspot-stand-in/generate-scenario.ts';
import { findHubSpotSpecs, missingSpecsNotice } from '../hubspot-stand-in/hubspot-spec-folder.ts';
import { runScenario } from '../hubspot-stand-in/run-scenario.ts';
import type { HubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';
import { activateStarterDefinition, type LifecycleStep } from './activate-starter-definition.ts';
import { demoAdminLink } from './demo-admin-link.ts';
import { installThroughOAuth } from './install-through-oauth.ts';
import { pickHandedOffLead } from './pick-card-lead.ts';
import { startDemoStack } from './start-demo-stack.ts';
import { measureTraffic, type TrafficSummary } from './traffic-summary.ts';
import { inboxCounts, waitUntilSettled } from './wait-until-settled.ts';

export interface DemoOptions {
  readonly contacts: number;
  readonly seed: number;
  /** Real time the 30 scenario days are replayed in. */
  readonly replayMs?: number;
  readonly databaseUrl?: string | undefined;
  readonly logger?: Logger;
  /** Progress lines, as each step finishes. */
  readonly progress?: (line: string) => void;
  /**
   * Called once the replay settled, before anything stops, with a console link that signs its
   * visitor in as the demo portal's admin; the demo keeps running until the promise settles.
   */
  readonly hold?: (kept: KeptDemo) => Promise<void>;
}

/** The running demo `hold` is given: Baton, its store, the portal's tenant and the stand-in. */
export interface KeptDemo {
  readonly consoleUrl: string;
  readonly batonUrl: string;
  readonly db: Db;
  readonly tenantId: string;
  readonly standIn: HubSpotStandIn;
}

export interface DemoResult {
  readonly scenario: ScenarioSummary;
  /** Contacts left in the portal at the end (after deletions and merges). */
  readonly contactsInPortal: number;
  readonly lifecycle: readonly LifecycleStep[];
  readonly traffic: TrafficSummary;
  readonly inbox: { readonly done: number; readonly dead: number; readonly waiting: number };
  readonly waterfall: WaterfallReport;
  readonly quality: LeadQualityReport;
  /** A lead that was handed off and accepted; null only if the scenario had none. */
  readonly card: CardView | null;
  /** Breached SLA clocks Baton recorded, and the HubSpot tasks their breach actions created. */
  readonly sla: { readonly breaches: number; readonly tasks: number };
  readonly replayMs: number;
  readonly elapsedMs: number;
  /** Removed before this resolves. */
  readonly dataDir: string;
}

const SPAN_MS = 30 * 86_400_000;
const SETTLE_TIMEOUT_MS = 120_000;
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/**
 * `npm run demo`: a HubSpot portal stand-in and Baton in this process, on a throw-away embedded
 * database. Installs Baton through OAuth, agrees the starter definition, replays a month of
 * portal activity in seconds, then reads back what a team would look at.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const replayMs = options.replayMs ?? 12_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-demo-'));
  try {
    // A checkout without HubSpot's specs beside it still runs the demo, unchecked.
    const specs = findHubSpotSpecs();
    const stack = await startDemoStack({
      dataDir,
      databaseUrl: options.databaseUrl,
      logger: options.logger ?? silent,
      openApiDirectory: specs,
    });
    try {
      const { standIn, database } = stack;
      const { db } = database;
      progress(`Baton at ${stack.batonUrl} (${database.engine}), HubSpot stand-in at ${standIn.baseUrl}`);
      progress(
        specs === null
          ? `${missingSpecsNotice()}: the stand-in does not check Baton's requests against them`
          : `the stand-in checks Baton's requests against HubSpot's OpenAPI specs in ${specs}`,
      );

      const tenant = await installThroughOAuth(db, stack.batonUrl, standIn);
      progress(`installed through OAuth into portal ${standIn.portalId}; Baton's properties created`);

      const scenario = generateScenario({
        seed: options.seed,
        contacts: options.contacts,
        startAt: Date.now() - SPAN_MS,
        spanMs: SPAN_MS,
      });
      const approver = (team: string) =>
        scenario.owners.find((o) => o.team === team)?.email ?? `${team.toLowerCase()}@baton-demo.example`;
      // The first sales owner manages the team: breached hand-offs notify them beside the owner.
      const manager = scenario.owners.find((o) => o.team === 'Sales')?.id;
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
        { marketing: approver('Marketing'), sales: approver('Sales') },
        new Date(),
      );
      for (const step of agreed.steps) {
        progress(`definition "${agreed.definition.name}" ${step.action} (${step.by}) → ${step.status}`);
      }

      const traffic = measureTraffic(standIn);
      const run = await runScenario(standIn, scenario, { speedup: SPAN_MS / replayMs });
      progress(`replayed ${run.applied} portal changes in ${(run.elapsedMs / 1000).toFixed(1)} s`);
      await waitUntilSettled(standIn, db, SETTLE_TIMEOUT_MS);
      const counts = await inboxCounts(db);
      progress('webhooks delivered and the inbox drained');

      const config = await loadTenantConfig(db, tenant, HUBSPOT_DEFAULTS);
      const [waterfall, quality] = await Promise.all(
        (['waterfall', 'lead-quality'] as const).map(
          async (name) => (await runReport(db, tenant, HUBSPOT_DEFAULTS, name, {}, new Date())).report,
        ),
      );
      const lead = await pickHandedOffLead(db, tenant.id);
      const people = Object.fromEntries(standIn.owners().map((o) => [o.id, `${o.firstName} ${o.lastName}`]));
      const card = lead
        ? await loadCardView(db, tenant, 'contacts', lead, new Date(), { config, people })
        : null;
      if (options.hold) {
        const consoleUrl = await demoAdminLink(db, stack.batonUrl, tenant.id);
        await options.hold({ consoleUrl, batonUrl: stack.batonUrl, db, tenantId: tenant.id, standIn });
      }
      return {
        scenario: scenario.summary,
        contactsInPortal: standIn.contacts().length,
        lifecycle: agreed.steps,
        traffic: traffic.stop(),
        inbox: {
          done: counts.done ?? 0,
          dead: counts.dead ?? 0,
          waiting: (counts.pending ?? 0) + (counts.processing ?? 0),
        },
        waterfall: waterfall as WaterfallReport,
        quality: quality as LeadQualityReport,
        card,
        sla: {
          breaches: await countBreaches(db, tenant.id),
          tasks: standIn.tasks().length,
        },
        replayMs: run.elapsedMs,
        elapsedMs: Date.now() - started,
        dataDir,
      };
    } finally {
      await stack.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
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
