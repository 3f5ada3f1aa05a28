import { type Connection, SfDate } from 'jsforce';
import { createSOQL } from 'jsforce/lib/soql-builder.js';
import { InputInvalidError, RateLimitedError } from '../../../errors.ts';
import { type LeadRecord, leadRecordOf, type SoqlRecord } from '../lead-record.ts';
import { toId18 } from '../salesforce-ids.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import type { LeadRejection, RemovedLead, SalesforceLeadsPort } from '../sync/salesforce-leads-port.ts';
import { readLeadStatuses } from './lead-statuses.ts';
import { ALLOCATION_BACKOFF_MS, salesforceFailure } from './salesforce-failure.ts';

/** Sorts before every real id: where a reconciliation that has seen nothing yet starts. */
export const FIRST_LEAD_ID = '000000000000000AAA';

/** sObject Collections and `IN` lists both take 200 records per call. */
export const SALESFORCE_BATCH_SIZE = 200;
const CAMPAIGN_MEMBER_FIELDS = ['Id', 'CreatedDate', 'CampaignId', 'Campaign.Name', 'Campaign.Type'];
/** Describe answers change only when an admin adds a field; an hour is fresh enough. */
const DESCRIBE_TTL_MS = 60 * 60_000;

export interface SalesforceLeadsApiOptions {
  readonly connectionFor: (tenantId: string) => Promise<Connection>;
  readonly clock: () => Date;
  /** The share of the org's daily API allocation Baton may use before it waits (0.9: leave 10% to others). */
  readonly allocationShare?: number;
}

/**
 * The sync's Salesforce calls through jsforce. Every query is built by jsforce's query builder
 * from conditions (values escaped by jsforce), never by joining strings. Before each call the org's
 * last reported usage (`Sforce-Limit-Info`, on every answer) is checked against Baton's share of
 * the allocation, so Baton backs off before it spends what the org's own users need.
 */
export function createSalesforceLeadsApi(options: SalesforceLeadsApiOptions): SalesforceLeadsPort {
  const { connectionFor, clock } = options;
  const share = options.allocationShare ?? 0.9;
  const described = new Map<string, { readonly at: number; readonly fields: ReadonlySet<string> }>();

  // Each call may come on a new connection: the org's last reported usage is kept per tenant. A
  // reading older than the backoff lets one call through, whose answer says where the org stands.
  const usageOf = new Map<string, { readonly used: number; readonly limit: number; readonly at: number }>();

  async function call<T>(tenantId: string, doing: string, run: (conn: Connection) => Promise<T>): Promise<T> {
    const usage = usageOf.get(tenantId);
    const fresh = usage !== undefined && clock().getTime() - usage.at < ALLOCATION_BACKOFF_MS;
    if (usage && fresh && usage.limit > 0 && usage.used >= usage.limit * share) {
      throw new RateLimitedError(
        `Baton has used its share of the org's API allocation (${usage.used} of ${usage.limit}); ${doing} waits`,
        ALLOCATION_BACKOFF_MS,
      );
    }
    const conn = await connectionFor(tenantId);
    try {
      return await run(conn);
    } catch (error) {
      throw salesforceFailure(error, doing);
    } finally {
      const reported = conn.limitInfo?.apiUsage;
      if (reported) usageOf.set(tenantId, { ...reported, at: clock().getTime() });
    }
  }

  /**
   * The query text comes from jsforce's builder, from conditions, and runs as a plain query: the
   * builder's `include` would describe Lead first, a call per query Baton does not need.
   */
  const leadQuery = (
    conn: Connection,
    query: {
      conditions: Record<string, unknown>;
      fields: readonly string[];
      sort?: Record<string, 1>;
      limit?: number;
      scanAll?: boolean;
    },
    max: number,
  ) =>
    conn
      .query(
        createSOQL({
          table: LEAD,
          fields: [...query.fields],
          conditions: query.conditions,
          includes: {
            CampaignMembers: {
              table: 'CampaignMembers',
              fields: CAMPAIGN_MEMBER_FIELDS,
              sort: { CreatedDate: 1 },
            },
          },
          ...(query.sort ? { sort: query.sort } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }),
        { scanAll: query.scanAll ?? false },
      )
      .execute({ autoFetch: true, maxFetch: max, responseTarget: 'Records' });

  return {
    async leadFields(tenantId) {
      const cached = described.get(tenantId);
      if (cached && clock().getTime() - cached.at < DESCRIBE_TTL_MS) return cached.fields;
      const describe = await call(tenantId, 'describing Lead', (conn) => conn.sobject(LEAD).describe());
      const fields = new Set<string>();
      for (const field of describe.fields) {
        fields.add(field.name);
        if (field.relationshipName) fields.add(`${field.relationshipName}.`);
      }
      described.set(tenantId, { at: clock().getTime(), fields });
      return fields;
    },

    async readLeads(tenantId, ids, fields) {
      requireIds(ids);
      const records: SoqlRecord[] = [];
      for (const chunk of chunksOf(ids)) {
        const found = await call(tenantId, 'reading Leads', async (conn) =>
          leadQuery(conn, { conditions: { Id: { $in: chunk } }, fields }, chunk.length),
        );
        records.push(...(found as unknown as SoqlRecord[]));
      }
      return new Map(
        records.map((raw) => leadRecordOf(raw)).map((lead) => [toId18(lead.id) ?? lead.id, lead]),
      );
    },

    async removedLeads(tenantId, ids) {
      requireIds(ids);
      const records: SoqlRecord[] = [];
      for (const chunk of chunksOf(ids)) {
        const soql = createSOQL({
          table: LEAD,
          fields: ['Id', 'MasterRecordId'],
          conditions: { Id: { $in: chunk }, IsDeleted: true },
        });
        const found = await call(tenantId, 'confirming deleted Leads', async (conn) =>
          conn
            .query(soql, { scanAll: true })
            .execute({ autoFetch: true, maxFetch: chunk.length, responseTarget: 'Records' }),
        );
        records.push(...(found as unknown as SoqlRecord[]));
      }
      const removed = new Map<string, RemovedLead>();
      for (const record of records) {
        const id = toId18(String(record.Id));
        const master = typeof record.MasterRecordId === 'string' ? toId18(record.MasterRecordId) : null;
        if (id) removed.set(id, { masterRecordId: master });
      }
      return removed;
    },

    async updateLeads(tenantId, updates) {
      const rejected: LeadRejection[] = [];
      for (let start = 0; start < updates.length; start += SALESFORCE_BATCH_SIZE) {
        const chunk = updates.slice(start, start + SALESFORCE_BATCH_SIZE);
        const results = await call(tenantId, 'writing Baton fields', (conn) =>
          conn.sobject(LEAD).update(
            chunk.map((u) => ({ Id: u.id, ...u.fields })),
            { allOrNone: false },
          ),
        );
        chunk.forEach((update, index) => {
          const result = results[index];
          if (result?.success) return;
          const [first] = result && !result.success ? result.errors : [];
          rejected.push({
            id: update.id,
            code: first?.errorCode ?? 'UNKNOWN',
            message: first?.message ?? 'Salesforce did not say why',
          });
        });
      }
      return { rejected };
    },

    async createTasks(tenantId, tasks) {
      const created = new Map<string, string>();
      const rejected = new Map<string, string>();
      for (let start = 0; start < tasks.length; start += SALESFORCE_BATCH_SIZE) {
        const chunk = tasks.slice(start, start + SALESFORCE_BATCH_SIZE);
        const results = await call(tenantId, 'creating SLA tasks', (conn) =>
          conn.sobject('Task').create(
            chunk.map((t) => ({
              WhoId: t.leadId,
              OwnerId: t.ownerId,
              Subject: t.subject,
              Description: t.description,
              Priority: 'High',
              Status: 'Not Started',
              ActivityDate: t.dueDate,
            })),
            { allOrNone: false },
          ),
        );
        chunk.forEach((task, index) => {
          const result = results[index];
          if (result?.success) created.set(task.mark, result.id);
          else {
            const [first] = result && !result.success ? result.errors : [];
            rejected.set(
              task.mark,
              `${first?.errorCode ?? 'UNKNOWN'}: ${first?.message ?? 'Salesforce did not say why'}`,
            );
          }
        });
      }
      return { created, rejected };
    },

    async tasksOfLeads(tenantId, leadIds) {
      requireIds(leadIds);
      const soql = createSOQL({
        table: 'Task',
        fields: ['Id', 'Description'],
        conditions: { WhoId: { $in: [...leadIds] } },
      });
      const records = await call(tenantId, 'reading SLA tasks', async (conn) => {
        const found = await conn
          .query(soql)
          .execute({ autoFetch: true, maxFetch: 10_000, responseTarget: 'Records' });
        return found as unknown as SoqlRecord[];
      });
      return records.map((r) => ({
        id: String(r.Id),
        description: typeof r.Description === 'string' ? r.Description : '',
      }));
    },

    async leadStatuses(tenantId) {
      return call(tenantId, 'reading Lead statuses', (conn) => readLeadStatuses(conn));
    },

    async leadsModifiedSince(tenantId, since, fields, limit) {
      requireIds([since.id]);
      const stamp = SfDate.toDateTimeLiteral(new Date(since.at));
      const records = await call(tenantId, 'reconciling Leads', async (conn) => {
        const found = await leadQuery(
          conn,
          {
            conditions: {
              $or: [{ SystemModstamp: { $gt: stamp } }, { SystemModstamp: stamp, Id: { $gt: since.id } }],
            },
            // Deleted Leads too: the pass also finds deletions the Outbound Messages never told.
            fields: [...new Set([...fields, 'IsDeleted', 'MasterRecordId'])],
            sort: { SystemModstamp: 1, Id: 1 },
            limit,
            scanAll: true,
          },
          limit,
        );
        return found as unknown as SoqlRecord[];
      });
      return records.map((raw) => leadRecordOf(raw));
    },
  };
}

/**
 * jsforce's query builder escapes quotes but not backslashes, so a value ending in `\` could end
 * its string early. Every value Baton puts in a query is a Salesforce id (or a date it formats
 * itself), and ids are checked here before any query is built.
 */
/**
 * A query travels in the URL, which Salesforce caps at 16 384 bytes: 200 quoted ids take about
 * 6 KB encoded, leaving room for the field list, so a claim of 500 Leads is three reads.
 */
function chunksOf(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += SALESFORCE_BATCH_SIZE) {
    chunks.push(ids.slice(start, start + SALESFORCE_BATCH_SIZE));
  }
  return chunks;
}

function requireIds(ids: readonly string[]): void {
  const bad = ids.find((id) => toId18(id) === null);
  if (bad !== undefined) throw new InputInvalidError('a Lead id Baton was to query is not a Salesforce id');
}

export type { LeadRecord };
