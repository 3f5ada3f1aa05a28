import { and, eq, inArray, sql } from 'drizzle-orm';
import type { LedgerEntry } from '../core/journey/ledger-entry.ts';
import { type LeadFacts, summarizeLead } from '../core/reports/lead-facts.ts';
import type { ReportLead } from '../core/reports/report-lead.ts';
import type { Instant } from '../core/time.ts';
import { type Db, lockAllForTransaction, queryRows, type Tx } from './database.ts';
import { decodeJourney, encodeJourney } from './lead-facts-codec.ts';
import { readLedgers } from './ledger.ts';
import { type JsonObject, leadFacts, tenants } from './schema.ts';
import { listTouchesOf } from './touches.ts';

/**
 * Rebuilds the facts of these records from their ledgers and touches, in the caller's
 * transaction, and drops the facts of records whose ledger is gone. Three statements whatever
 * the number of records; two when the caller holds the records' ledgers as the transaction
 * leaves them (the pipeline, which read and appended them under the records' locks).
 */
export async function refreshLeadFacts(
  tx: Db | Tx,
  tenantId: string,
  recordIds: readonly string[],
  now: Date,
  knownLedgers?: ReadonlyMap<string, readonly LedgerEntry[]>,
): Promise<void> {
  const ids = [...new Set(recordIds)];
  if (ids.length === 0) return;
  const [ledgers, touches] = await Promise.all([
    knownLedgers ?? readLedgers(tx, tenantId, ids),
    listTouchesOf(tx, tenantId, ids),
  ]);
  const rows = ids.flatMap((id) => {
    const facts = summarizeLead(id, ledgers.get(id) ?? [], touches.get(id) ?? [], now.getTime());
    if (!facts) return [];
    return [
      {
        tenantId,
        recordId: facts.recordId,
        firstSeenAt: new Date(facts.firstSeenAt),
        journey: encodeJourney(facts) as JsonObject,
        attribution: { contents: facts.contents, credits: facts.credits } as unknown as JsonObject,
        updatedAt: now,
      },
    ];
  });
  const gone = ids.filter((id) => !ledgers.has(id));
  if (gone.length > 0) {
    await tx
      .delete(leadFacts)
      .where(and(eq(leadFacts.tenantId, tenantId), inArray(leadFacts.recordId, gone)));
  }
  if (rows.length === 0) return;
  await tx
    .insert(leadFacts)
    .values(rows)
    .onConflictDoUpdate({
      target: [leadFacts.tenantId, leadFacts.recordId],
      set: {
        firstSeenAt: sql`excluded.first_seen_at`,
        journey: sql`excluded.journey`,
        attribution: sql`excluded.attribution`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/**
 * Builds the facts of records that have a ledger but no facts, a page of records at a time in
 * record order (each page read from the ledger's record index): after the upgrade that added
 * the table, or whatever else left a lead out. Returns how many it built.
 */
export async function buildMissingLeadFacts(
  db: Db,
  now: Date,
  options: { readonly batchSize?: number; readonly tenantId?: string } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const tenantIds =
    options.tenantId === undefined
      ? (await db.select({ id: tenants.id }).from(tenants)).map((t) => t.id)
      : [options.tenantId];
  let built = 0;
  for (const tenantId of tenantIds) {
    let after = '';
    for (;;) {
      const page = await queryRows<{ record_id: string }>(
        db,
        sql`select distinct record_id from ledger where tenant_id = ${tenantId} and record_id > ${after}
            order by record_id limit ${batchSize}`,
      );
      const last = page.at(-1);
      if (last === undefined) break;
      after = last.record_id;
      const ids = page.map((r) => r.record_id);
      const have = await db
        .select({ recordId: leadFacts.recordId })
        .from(leadFacts)
        .where(and(eq(leadFacts.tenantId, tenantId), inArray(leadFacts.recordId, ids)));
      const known = new Set(have.map((r) => r.recordId));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        // Under the records' locks, as the pipeline takes them: a worker changing one of these
        // records meanwhile finishes first, and the facts are built from what it committed.
        await db.transaction(async (tx) => {
          await lockAllForTransaction(
            tx,
            missing.map((id) => `${tenantId}:${id}`),
          );
          await refreshLeadFacts(tx, tenantId, missing, now);
        });
      }
      built += missing.length;
    }
  }
  return built;
}

/** The CRM record fields reports group and sum by, as the tenant's settings name them. */
export interface ReportProperties {
  /** The object type of the record a lead is (`contacts` in HubSpot); without it no field is read. */
  readonly objectType?: string;
  readonly team?: string;
  readonly territory?: string;
  readonly value?: string;
}

/** One lead as the report query sends it: [id, first seen (epoch ms), journey, attribution, team, territory, value, fit score]. */
type FactsRow = [
  string,
  number,
  Parameters<typeof decodeJourney>[0],
  Pick<LeadFacts, 'contents' | 'credits'> | null,
  string | null,
  string | null,
  string | null,
  string | number | null,
];

const EMPTY_CREDITS = {} as LeadFacts['credits'];

function numberOf(text: string | number | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * The leads a report counts: the tenant's leads first seen in [from, to), with their CRM record's
 * team, territory and value fields and the fit score of their latest verdict. Touch-derived
 * facts travel only when the report reads them.
 */
export async function loadReportLeads(
  db: Db | Tx,
  tenantId: string,
  options: {
    readonly from?: Instant;
    readonly to?: Instant;
    readonly properties: ReportProperties;
    readonly withAttribution: boolean;
  },
): Promise<ReportLead[]> {
  const { properties } = options;
  const field = (name: string | undefined) =>
    name === undefined ? sql`null::text` : sql`s.properties ->> ${name}`;
  // The whole cohort comes back as one JSON array in one row, in no order (every report orders
  // what it lists): one parse of one string rather than a row, eight columns and a parse per lead.
  const [answer] = await queryRows<{ leads: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(
          f.record_id, (extract(epoch from f.first_seen_at) * 1000)::float8, f.journey,
          ${options.withAttribution ? sql`f.attribution` : sql`null::json`},
          ${field(properties.team)}, ${field(properties.territory)}, ${field(properties.value)},
          q.result ->> 'fitScore')), '[]')::text as leads
        from lead_facts f
        left join record_snapshots s on s.tenant_id = f.tenant_id
          and s.object_type = ${properties.objectType ?? null} and s.crm_record_id = f.record_id
        left join qualification_results q on q.tenant_id = f.tenant_id and q.record_id = f.record_id
        where f.tenant_id = ${tenantId}
          ${options.from === undefined ? sql`` : sql`and f.first_seen_at >= ${new Date(options.from).toISOString()}`}
          ${options.to === undefined ? sql`` : sql`and f.first_seen_at < ${new Date(options.to).toISOString()}`}`,
  );
  const rows = JSON.parse(answer?.leads ?? '[]') as FactsRow[];
  return rows.map(([recordId, firstSeenAt, journey, attribution, team, territory, value, fitScore]) => ({
    ...decodeJourney(journey, firstSeenAt),
    recordId,
    firstSeenAt,
    contents: attribution?.contents ?? [],
    credits: attribution?.credits ?? EMPTY_CREDITS,
    team,
    territory,
    value: numberOf(value),
    fitScore: numberOf(fitScore),
  }));
}
