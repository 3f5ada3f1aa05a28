import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { readLeadStatuses } from '../../../../src/crm/salesforce/api/lead-statuses.ts';
import {
  createSalesforceConnections,
  newSalesforceConnection,
} from '../../../../src/crm/salesforce/api/salesforce-connection.ts';
import {
  backfillSalesforceLeads,
  LEAD_BACKFILL,
} from '../../../../src/crm/salesforce/backfill/backfill-salesforce-leads.ts';
import {
  BATON_LEAD_FIELDS,
  DISPOSITION_FEEDBACK_FIELD,
  type LeadField,
} from '../../../../src/crm/salesforce/baton-lead-fields.ts';
import { salesforceDefaultsFor } from '../../../../src/crm/salesforce/defaults/salesforce-defaults.ts';
import { completeSalesforceInstall } from '../../../../src/crm/salesforce/oauth/complete-salesforce-install.ts';
import { createLogger } from '../../../../src/log.ts';
import type { CustomFieldSpec } from '../../../../src/simulate/salesforce-stand-in/org-schema.ts';
import {
  type SalesforceStandIn,
  startSalesforceStandIn,
} from '../../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { type BackfillRun, getBackfillRun } from '../../../../src/store/backfill-runs.ts';
import { type Db, queryRows } from '../../../../src/store/database.ts';
import { getTenant, type Tenant } from '../../../../src/store/tenants.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { APP, install } from '../../../simulate/salesforce-stand-in/harness.ts';

/** When the backfill runs: Leads created before it are the org's history. */
export const CUTOFF = Date.parse('2026-03-02T10:00:00.000Z');
const DAY = 86_400_000;

export const silentLogger = () =>
  createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** The package's Lead fields as the stand-in org declares custom fields. */
function customField(field: LeadField): CustomFieldSpec {
  switch (field.type) {
    case 'DateTime':
      return { name: field.apiName, type: 'datetime' };
    case 'Number':
      return { name: field.apiName, type: 'double' };
    case 'Text':
      return { name: field.apiName, type: 'string', length: field.length };
    case 'LongTextArea':
      return { name: field.apiName, type: 'textarea', length: field.length };
    case 'Picklist':
      return { name: field.apiName, type: 'picklist', picklistValues: field.values.map((v) => v.value) };
  }
}

let orgs = 0;

/**
 * A stand-in org with Baton's package installed, under an org id of its own. Its query jobs
 * complete at the second check unless `pollsUntilComplete` says otherwise.
 */
export function startPackagedOrg(
  options: { readonly pollsUntilComplete?: number } = {},
): Promise<SalesforceStandIn> {
  orgs += 1;
  return startSalesforceStandIn({
    ...APP,
    orgId: `00D5e0000${String(orgs).padStart(6, '0')}`,
    customLeadFields: BATON_LEAD_FIELDS.map(customField),
    ...(options.pollsUntilComplete ? { bulk: { pollsUntilComplete: options.pollsUntilComplete } } : {}),
  });
}

const SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', null] as const;

/** What `seedHistory` put in the org before the cutoff, for the tests to expect. */
export interface SeededHistory {
  readonly leadIds: readonly string[];
  readonly withLeadSource: number;
  readonly memberships: number;
  readonly workingId: string;
  readonly queuedId: string;
  readonly convertedWithOpportunityId: string;
  readonly convertedWithoutOpportunityId: string;
}

/**
 * `count` Leads created a minute apart up to the cutoff: a LeadSource on three in four, a
 * queue owning every seventh, every fourth being worked, two converted (one with an
 * opportunity), a webinar membership on every other Lead and a trade show on every fifth, added
 * after all the webinars so one Lead's memberships lie far apart in the results. Also Leads
 * Baton must not import: two created after the cutoff (one in a campaign) and one deleted.
 */
export function seedHistory(org: SalesforceStandIn, count: number): SeededHistory {
  const [rep] = org.addUsers([{ lastName: 'Rep', email: 'rep@acme.example', department: 'Sales' }]);
  const [queue] = org.addQueues([{ name: 'SDR Queue' }]);
  const at = (ms: number) => org.setRecordClock(() => new Date(ms));
  const leadIds: string[] = [];
  let memberships = 0;
  for (let i = 0; i < count; i += 1) {
    at(CUTOFF - (count - i) * 60_000);
    const source = SOURCES[i % SOURCES.length] ?? null;
    const lead = org.createLead({
      LastName: `Lead ${i}`,
      Company: `Company ${i}`,
      // Read by every sync read: text CSV must quote.
      ...(i === 3 ? { [DISPOSITION_FEEDBACK_FIELD.apiName]: 'Quote "Q", Comma\nand a line' } : {}),
      OwnerId: i % 7 === 0 ? queue?.Id : rep?.Id,
      ...(source ? { LeadSource: source } : {}),
      ...(i % 4 === 1 ? { Status: 'Working - Contacted' } : {}),
      ...(i % 3 === 0 ? { AnnualRevenue: 1_500_000 } : {}),
    });
    leadIds.push(String(lead.Id));
    if (i % 2 === 0) {
      org.addCampaignMember(String(lead.Id), { name: 'Spring webinar', type: 'Webinar' });
      memberships += 1;
    }
  }
  at(CUTOFF - 30_000);
  for (let i = 0; i < count; i += 5) {
    org.addCampaignMember(leadIds[i] ?? '', { name: 'Trade show', type: 'Trade Show' });
    memberships += 1;
  }
  const id = (i: number) => leadIds[i] ?? '';
  org.convertLead(id(10), { opportunity: true });
  org.convertLead(id(15), { opportunity: false });
  const gone = org.createLead({ LastName: 'Deleted', Company: 'Gone' });
  org.deleteLead(String(gone.Id));
  at(CUTOFF + 60_000);
  const late = org.createLead({ LastName: 'Late', Company: 'After the cutoff', LeadSource: 'Web' });
  org.addCampaignMember(String(late.Id), { name: 'Spring webinar', type: 'Webinar' });
  org.createLead({ LastName: 'Later', Company: 'After the cutoff' });
  org.setRecordClock(null);
  return {
    leadIds,
    withLeadSource: leadIds.filter((_, i) => SOURCES[i % SOURCES.length] !== null).length,
    memberships,
    workingId: id(1),
    queuedId: id(7),
    convertedWithOpportunityId: id(10),
    convertedWithoutOpportunityId: id(15),
  };
}

/**
 * The org installed in Baton the way the OAuth callback installs it (tenant keyed by the org id,
 * instance URL and tokens stored encrypted, the org's own Lead statuses placing its leads), and
 * the backfill's real `connectionFor` over those credentials.
 */
export async function installedOrg(db: Db, org: SalesforceStandIn, key = generateEncryptionKey()) {
  const { accessToken, refreshToken } = await install(org);
  const probe = newSalesforceConnection({ instanceUrl: org.instanceUrl, accessToken });
  const statuses = await readLeadStatuses(probe);
  const cipher = createTokenCipher(key);
  const installed = await completeSalesforceInstall(
    db,
    cipher,
    {
      orgId: org.orgId,
      name: 'Acme',
      grant: { accessToken, refreshToken, expiresInSeconds: DAY / 1000, instanceUrl: org.instanceUrl },
      actor: 'test',
      now: new Date(),
    },
    salesforceDefaultsFor(statuses),
  );
  const tenant = (await getTenant(db, installed.tenantId)) as Tenant;
  const env = parseEnvironment({
    SALESFORCE_CLIENT_ID: APP.clientId,
    SALESFORCE_CLIENT_SECRET: APP.clientSecret,
    SALESFORCE_LOGIN_URL: org.loginUrl,
  });
  const connections = createSalesforceConnections({
    env,
    db,
    cipher,
    logger: silentLogger(),
    clock: () => new Date(),
  });
  if (!connections) throw new Error('the backfill needs the app credentials');
  org.resetCounters();
  return { tenant, connectionFor: connections.connectionFor, probe };
}

/** What the backfill left in the store for one tenant. */
export async function storedFor(db: Db, tenant: Tenant) {
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await queryRows<{ n: number | string }>(db, query))[0]?.n);
  return {
    snapshots: await count(sql`select count(*) as n from record_snapshots where tenant_id = ${tenant.id}`),
    ledger: await count(sql`select count(*) as n from ledger where tenant_id = ${tenant.id}`),
    touches: await count(sql`select count(*) as n from touches where tenant_id = ${tenant.id}`),
    campaignTouches: await count(
      sql`select count(*) as n from touches where tenant_id = ${tenant.id} and touch_id like 'campaign_member:%'`,
    ),
    writebacks: await count(
      sql`select count(*) as n from inbox where tenant_id = ${tenant.id} and payload->>'type' = 'salesforce_writeback'`,
    ),
  };
}

/** The small history the fault tests run on, in pages of 10, at the tests' cutoff. */
export const SMALL = 30;
export const PAGE = 10;
export const clock = () => new Date(CUTOFF);

const started: SalesforceStandIn[] = [];

/** A stand-in org holding `count` Leads of history, installed in Baton; `closeOrgs` stops them all. */
export async function orgWithHistory(db: Db, count: number) {
  const org = await startPackagedOrg();
  started.push(org);
  const history = seedHistory(org, count);
  return { org, history, ...(await installedOrg(db, org)) };
}

export async function closeOrgs(): Promise<void> {
  await Promise.all(started.splice(0).map((org) => org.close()));
}

type Baseline = { readonly stored: Awaited<ReturnType<typeof storedFor>>; readonly pages: number };
const baselines = new WeakMap<Db, Promise<Baseline>>();

/** What an uninterrupted run leaves for the small history, and how many pages it read; run once per store. */
export function uninterrupted(db: Db): Promise<Baseline> {
  let baseline = baselines.get(db);
  if (!baseline) {
    baseline = (async () => {
      const { org, tenant, connectionFor } = await orgWithHistory(db, SMALL);
      const outcome = await backfillSalesforceLeads(
        { db, connectionFor, clock, pollMs: 1, pageSize: PAGE },
        tenant,
        { restart: false },
      );
      if (outcome.kind !== 'finished') throw new Error(`the baseline run ended ${outcome.kind}`);
      return {
        stored: await storedFor(db, tenant),
        pages: org.callsByEndpoint()['GET /jobs/query/:id/results'] ?? 0,
      };
    })();
    baselines.set(db, baseline);
  }
  return baseline;
}

/** An onProgress that acts once, on the first stored run `when` holds for. */
export function once(when: (run: BackfillRun) => boolean, act: (run: BackfillRun) => void) {
  let done = false;
  return (run: BackfillRun) => {
    if (done || !when(run)) return;
    done = true;
    act(run);
  };
}

export const storedRun = (db: Db, tenantId: string) => getBackfillRun(db, tenantId, LEAD_BACKFILL);
