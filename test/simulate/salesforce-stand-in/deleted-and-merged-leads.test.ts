import { type Connection, SfDate } from 'jsforce';
import { createSOQL } from 'jsforce/lib/soql-builder.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { connect, startListener, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
let listener: Awaited<ReturnType<typeof startListener>> | undefined;
afterEach(async () => {
  await org?.close();
  await listener?.close();
  org = undefined;
  listener = undefined;
});

type SyncRecord = {
  readonly Id: string;
  readonly IsDeleted: boolean;
  readonly MasterRecordId: string | null;
  readonly SystemModstamp: string;
  readonly CampaignMembers: { readonly records: { readonly Campaign: { readonly Name: string } }[] } | null;
};

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

/** The reconciliation page Baton asks for: Leads changed after (at, id), oldest first, members included. */
function modifiedSince(at: number, id: string, limit: number): string {
  const stamp = SfDate.toDateTimeLiteral(new Date(at));
  return createSOQL({
    table: 'Lead',
    fields: ['Id', 'IsDeleted', 'MasterRecordId', 'SystemModstamp'],
    conditions: { $or: [{ SystemModstamp: { $gt: stamp } }, { SystemModstamp: stamp, Id: { $gt: id } }] },
    includes: {
      CampaignMembers: {
        table: 'CampaignMembers',
        fields: ['Id', 'Campaign.Name'],
        sort: { CreatedDate: 1 },
      },
    },
    sort: { SystemModstamp: 1, Id: 1 },
    limit,
  });
}

async function page(conn: Connection, text: string, scanAll: boolean): Promise<SyncRecord[]> {
  const records = await conn
    .query(text, { scanAll })
    .execute({ autoFetch: true, maxFetch: 200, responseTarget: 'Records' });
  return records as unknown as SyncRecord[];
}

/** Walks every page from the start, as the reconciliation pass does, `limit` Leads a call. */
async function walk(conn: Connection, scanAll: boolean, limit: number): Promise<SyncRecord[]> {
  const seen: SyncRecord[] = [];
  let cursor = { at: 0, id: '000000000000000AAA' };
  for (;;) {
    const batch = await page(conn, modifiedSince(cursor.at, cursor.id, limit), scanAll);
    seen.push(...batch);
    const last = batch.at(-1);
    if (!last || batch.length < limit) return seen;
    cursor = { at: Date.parse(last.SystemModstamp.replace('+0000', 'Z')), id: last.Id };
  }
}

async function orgWithLeads() {
  listener = await startListener();
  org = await startOrg({ outbound: { targetUrl: listener.url, flushMs: 5 } });
  let now = T0;
  org.setRecordClock(() => new Date(now));
  const [a, b, c] = ['Ada', 'Bea', 'Cyd'].map((name) => org?.createLead({ LastName: name, Company: 'Co' }));
  org.addCampaignMember(String(a?.Id), 'Webinar');
  org.addCampaignMember(String(c?.Id), 'Webinar');
  org.addCampaignMember(String(c?.Id), 'Fair');
  now = T0 + HOUR;
  const d = org.createLead({ LastName: 'Dot', Company: 'Co' });
  const ids = [a, b, c, d].map((lead) => String(lead?.Id));
  return { org, listener, ids, setNow: (at: number) => (now = at) };
}

describe('Salesforce stand-in deleted and merged Leads', () => {
  it('pages Leads by SystemModstamp then Id, the query jsforce builds, on /query and /queryAll', async () => {
    const { org, ids } = await orgWithLeads();
    const conn = await connect(org);
    const text = modifiedSince(T0, ids[0] ?? '', 200);
    expect(text).toBe(
      `SELECT Id, IsDeleted, MasterRecordId, SystemModstamp, (SELECT Id, Campaign.Name FROM CampaignMembers ORDER BY CreatedDate ASC) FROM Lead WHERE SystemModstamp > 2026-01-01T00:00:00Z OR (SystemModstamp = 2026-01-01T00:00:00Z AND Id > '${ids[0]}') ORDER BY SystemModstamp ASC, Id ASC LIMIT 200`,
    );
    for (const scanAll of [false, true]) {
      expect((await page(conn, text, scanAll)).map((record) => record.Id)).toEqual(ids.slice(1));
      expect((await walk(conn, scanAll, 2)).map((record) => record.Id)).toEqual(ids);
    }
    const [, , c] = await walk(conn, false, 200);
    expect(c?.CampaignMembers?.records.map((member) => member.Campaign.Name)).toEqual(['Webinar', 'Fair']);
    expect(org.callsByEndpoint()['GET /queryAll']).toBeGreaterThan(0);
  });

  it('shows deleted and merged Leads only through queryAll, merged ones with MasterRecordId', async () => {
    const { org, ids, setNow } = await orgWithLeads();
    const [a, b, c, d] = ids;
    const conn = await connect(org);
    setNow(T0 + 2 * HOUR);
    org.deleteLead(String(b));
    setNow(T0 + 3 * HOUR);
    const master = org.mergeLeads(String(a), String(c));
    expect(master).toMatchObject({ Id: a, SystemModstamp: '2026-01-01T03:00:00.000+0000', IsDeleted: false });

    const afterD = modifiedSince(T0 + HOUR, String(d), 200);
    expect((await page(conn, afterD, false)).map((record) => record.Id)).toEqual([a]);
    expect(await page(conn, afterD, true)).toMatchObject([
      { Id: b, IsDeleted: true, MasterRecordId: null, SystemModstamp: '2026-01-01T02:00:00.000+0000' },
      {
        Id: a,
        IsDeleted: false,
        CampaignMembers: { records: [{ Campaign: { Name: 'Webinar' } }, { Campaign: { Name: 'Fair' } }] },
      },
      {
        Id: c,
        IsDeleted: true,
        MasterRecordId: a,
        CampaignMembers: { records: [{ Campaign: { Name: 'Webinar' } }] },
      },
    ]);
    expect((await walk(conn, false, 2)).map((record) => record.Id)).toEqual([d, a]);
    expect((await walk(conn, true, 2)).map((record) => record.Id)).toEqual([d, b, a, c]);

    // Baton's check of Leads the sync no longer finds.
    const removed = createSOQL({
      table: 'Lead',
      fields: ['Id', 'MasterRecordId'],
      conditions: { Id: { $in: [b, c, d] }, IsDeleted: true },
    });
    expect((await conn.query(removed)).records).toEqual([]);
    expect((await conn.query(removed, { scanAll: true })).records).toMatchObject([
      { Id: b, MasterRecordId: null },
      { Id: c, MasterRecordId: a },
    ]);
  });

  it('merges as Salesforce does: members move, the deletion sends no Outbound Message, bad merges are refused', async () => {
    const { org, listener, ids } = await orgWithLeads();
    const [a, b, c, d] = ids.map(String);
    await org.whenOutboundMessagesDelivered();
    const sent = listener.notifications().length;
    expect(sent).toBe(4);
    org.mergeLeads(String(a), String(c));
    org.deleteLead(String(d));
    await org.whenOutboundMessagesDelivered();
    expect(listener.notifications()).toHaveLength(sent);

    expect(org.records('CampaignMember').map((member) => [member.LeadId, member.CampaignId])).toEqual([
      [a, org.records('Campaign').find((campaign) => campaign.Name === 'Webinar')?.Id],
      [a, org.records('Campaign').find((campaign) => campaign.Name === 'Fair')?.Id],
    ]);
    const merged = org.changes().find((change) => change.id === c && change.kind === 'deleted');
    expect(merged?.changed).toEqual({ MasterRecordId: a, IsDeleted: true });
    expect(org.lead(String(c))).toBeUndefined();
    expect(org.leads().map((lead) => lead.Id)).toEqual([a, b]);

    expect(() => org.mergeLeads(String(a), String(a))).toThrow(/cannot be merged into itself/);
    expect(() => org.mergeLeads(String(a), String(c))).toThrow(/no Lead .* to merge/);
    org.convertLead(String(b));
    expect(() => org.mergeLeads(String(a), String(b))).toThrow(/converted/);
    expect(org.leads().map((lead) => lead.Id)).toEqual([a, b]);
  });

  it('answers LeadStatus with ApiName, MasterLabel, IsDefault, IsConverted and SortOrder', async () => {
    org = await startOrg({
      leadStatuses: [
        { label: 'New', apiName: 'New_Lead', isDefault: true },
        { label: 'Qualified', isConverted: true },
      ],
    });
    const conn = await connect(org);
    const soql = createSOQL({
      table: 'LeadStatus',
      fields: ['ApiName', 'MasterLabel', 'IsDefault', 'IsConverted', 'SortOrder'],
      sort: { SortOrder: 1 },
    });
    const records = await conn
      .query(soql)
      .execute({ autoFetch: true, maxFetch: 1000, responseTarget: 'Records' });
    expect(records.map(({ attributes: _attributes, ...status }) => status)).toEqual([
      { ApiName: 'New_Lead', MasterLabel: 'New', IsDefault: true, IsConverted: false, SortOrder: 1 },
      { ApiName: 'Qualified', MasterLabel: 'Qualified', IsDefault: false, IsConverted: true, SortOrder: 2 },
    ]);
  });
});
