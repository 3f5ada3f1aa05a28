import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { CARD_JSON_FIELD } from '../../../../src/crm/salesforce/baton-lead-fields.ts';
import { SALESFORCE_DEFAULTS } from '../../../../src/crm/salesforce/defaults/salesforce-defaults.ts';
import {
  changedLeadFields,
  leadFieldValues,
} from '../../../../src/crm/salesforce/sync/write-salesforce-cards.ts';
import { loadCardsToWrite } from '../../../../src/pipeline/load-card-view.ts';
import { loadTenantConfig } from '../../../../src/pipeline/tenant-config.ts';
import type { SalesforceStandIn } from '../../../../src/simulate/salesforce-stand-in/salesforce-stand-in-api.ts';
import type { Db } from '../../../../src/store/database.ts';
import { inbox, ledger } from '../../../../src/store/schema.ts';
import { getTenant, type Tenant } from '../../../../src/store/tenants.ts';
import type { FaultStack } from './fault-stack.ts';

/** What Baton records once for a Lead a web form creates: an MQL handed to the rep who owns it. */
export const NEW_MQL_FACTS = [
  'handoff_event:created',
  'handoff_event:handed_off',
  'handoff_event:qualified',
  'owner_function_changed:mql',
  'owner_person_changed:mql',
  'stage_entered:mql',
];

/** Leads as the org's web-to-lead form creates them: Open - Not Contacted, from the website, owned by `ownerId`. */
export function createWebLeads(
  standIn: SalesforceStandIn,
  count: number,
  ownerId: string,
  name: string,
): string[] {
  return Array.from({ length: count }, (_, i) =>
    String(
      standIn.createLead({
        FirstName: 'Lead',
        LastName: `${name} ${i + 1}`,
        Company: `${name} Company ${i + 1}`,
        Email: `${name.toLowerCase().replace(/\W+/g, '-')}-${i + 1}@example.test`,
        LeadSource: 'Web',
        OwnerId: ownerId,
      }).Id,
    ),
  );
}

/**
 * The ledger's rows for each Lead counted by what they record (`kind:event`, `kind:sla state` or
 * `kind:stage`): a fact recorded twice shows as a count of 2.
 */
async function ledgerCounts(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, Record<string, number>>> {
  const label = sql<string>`${ledger.kind} || ':' || coalesce(${ledger.event}, ${ledger.slaState}, ${ledger.stage}, '')`;
  const rows = await db
    .select({ recordId: ledger.recordId, label, rows: sql<number>`count(*)::int` })
    .from(ledger)
    .where(and(eq(ledger.tenantId, tenantId), inArray(ledger.recordId, [...ids])))
    .groupBy(ledger.recordId, label)
    .orderBy(ledger.recordId, label);
  const counts = new Map<string, Record<string, number>>(ids.map((id) => [id, {}]));
  for (const row of rows) {
    const ofLead = counts.get(row.recordId) ?? {};
    ofLead[row.label] = Number(row.rows);
    counts.set(row.recordId, ofLead);
  }
  return counts;
}

/** Every Lead has each of `facts` in its ledger exactly once, and nothing else. */
export async function expectFactsOnce(
  db: Db,
  tenantId: string,
  ids: readonly string[],
  facts: readonly string[],
): Promise<void> {
  const expected = Object.fromEntries([...facts].sort().map((fact) => [fact, 1]));
  for (const [id, counts] of await ledgerCounts(db, tenantId, ids)) expect(counts, id).toEqual(expected);
}

/**
 * Each Lead in the org holds exactly the card Baton derives from its ledger now: nothing Baton
 * would still have to write. `stage` is checked besides, so an empty ledger cannot pass.
 */
export async function expectCardsOnLeads(
  db: Db,
  standIn: SalesforceStandIn,
  tenant: Tenant,
  ids: readonly string[],
  expected: { readonly stage: string; readonly now: Date },
): Promise<void> {
  const current = (await getTenant(db, tenant.id)) ?? tenant;
  const config = await loadTenantConfig(db, current, SALESFORCE_DEFAULTS);
  const cards = await loadCardsToWrite(db, current, 'Lead', ids, expected.now, { config });
  for (const id of ids) {
    const lead = standIn.lead(id);
    const card = cards.get(id);
    expect(lead?.baton__Stage__c, id).toBe(expected.stage);
    expect(JSON.parse(String(lead?.baton__Card__c)).recordId, id).toBe(id);
    if (!card) throw new Error(`Baton has no card for Lead ${id}`);
    const held = Object.fromEntries(
      Object.entries(lead ?? {}).map(([name, value]) => [name, value === null ? null : String(value)]),
    );
    const { [CARD_JSON_FIELD.apiName]: wantedCard, ...wanted } = leadFieldValues(card.view);
    expect(changedLeadFields(held, wanted), id).toEqual({});
    expect(timeless(held[CARD_JSON_FIELD.apiName]), id).toEqual(timeless(wantedCard));
  }
}

/** The card's JSON without the SLA's wording, which counts the minutes used up to the moment it was written. */
function timeless(json: string | null | undefined): unknown {
  const card = JSON.parse(json ?? 'null') as { sla?: { reason?: string } } | null;
  if (card?.sla) delete card.sla.reason;
  return card;
}

/** How many times Baton saved each Lead in the org (its calls carry the client name `Baton`), a write sent again included. */
export function batonWritesPerLead(standIn: SalesforceStandIn, ids: readonly string[]): number[] {
  const saves = standIn.changes().filter((c) => c.client === 'Baton' && c.objectType === 'Lead');
  return ids.map((id) => saves.filter((c) => c.id === id).length);
}

/** How many of Baton's saves of each Lead changed a value: a write sent again with the same values changes none. */
export function batonChangesPerLead(standIn: SalesforceStandIn, ids: readonly string[]): number[] {
  const saves = standIn
    .changes()
    .filter((c) => c.client === 'Baton' && c.objectType === 'Lead' && Object.keys(c.changed).length > 0);
  return ids.map((id) => saves.filter((c) => c.id === id).length);
}

/** The calls of one endpoint the org answered, by status, in order (0: the connection was dropped unanswered). */
export function statusesOf(standIn: SalesforceStandIn, endpoint: string): number[] {
  return standIn
    .requestLog()
    .filter((call) => call.endpoint === endpoint)
    .map((call) => call.status);
}

/** Inbox items not done, as `kind status`: empty once everything was worked and nothing went to the dead letters. */
export async function unfinishedWork(db: Db): Promise<string[]> {
  const rows = await db
    .select({ kind: inbox.kind, status: inbox.status, lastError: inbox.lastError })
    .from(inbox)
    .where(ne(inbox.status, 'done'));
  return rows.map((row) => `${row.kind} ${row.status}: ${row.lastError ?? ''}`);
}

/** New web Leads worked as if nothing had failed: their facts once, their cards in the org, each written once, nothing left over. */
export async function expectWorkedOnce(f: FaultStack, ids: readonly string[]): Promise<void> {
  await expectFactsOnce(f.db, f.tenant.id, ids, NEW_MQL_FACTS);
  await expectCardsOnLeads(f.db, f.stack.standIn, f.tenant, ids, { stage: 'mql', now: f.clock.now() });
  expect(batonWritesPerLead(f.stack.standIn, ids)).toEqual(ids.map(() => 1));
  expect(await unfinishedWork(f.db)).toEqual([]);
}
