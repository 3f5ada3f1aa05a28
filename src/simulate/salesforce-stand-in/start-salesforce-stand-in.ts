import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiAllocation } from './api-allocation.ts';
import { createBulkQueryJobs } from './bulk-query-jobs.ts';
import type { Row } from './field-values.ts';
import { mergeLeads } from './lead-merge.ts';
import { createOAuthGrants } from './oauth-grants.ts';
import type { Actor } from './object-rules.ts';
import { createOrgDirectory } from './org-directory.ts';
import { createOrgSchema } from './org-schema.ts';
import { createOrgStore, type RecordChange } from './org-store.ts';
import { createOutboundMessaging } from './outbound-messaging.ts';
import { canonicalId, createIdFactory } from './record-ids.ts';
import { renderValue } from './record-render.ts';
import { LATEST_VERSION } from './rest-context.ts';
import type { ChangeOrigin, SalesforceRecord, SalesforceStandIn } from './salesforce-stand-in-api.ts';
import { type SaveRequest, saveRecords } from './save-records.ts';
import { createStandInApp } from './stand-in-app.ts';
import {
  assertLoopbackUrl,
  resolveStandInOptions,
  type SalesforceStandInOptions,
} from './stand-in-options.ts';
import { createTrafficControl } from './traffic-control.ts';

export type { ChangeOrigin, SalesforceRecord, SalesforceStandIn };

/** A local, in-process Salesforce org speaking Salesforce's HTTP contract, for tests, the demo and benchmarks. */
export async function startSalesforceStandIn(input: SalesforceStandInOptions): Promise<SalesforceStandIn> {
  const options = resolveStandInOptions(input);
  const { clock } = options;
  const logger = input.logger?.child({ component: 'salesforce-stand-in' });
  const ids = createIdFactory();
  const orgId = input.orgId === undefined ? ids.next('Organization') : canonicalId(input.orgId);
  if (orgId === null || !orgId.startsWith('00D'))
    throw new Error(`orgId "${input.orgId}" is not an org id (00D…).`);
  const apiVersion = `${LATEST_VERSION}.0`;

  let recordClock: (() => Date) | null = null;
  const recordNow = () => (recordClock ?? clock)().getTime();
  let baseUrl = '';
  const changes: RecordChange[] = [];
  const listeners = new Set<(change: RecordChange) => void>();

  const schema = createOrgSchema({
    customLeadFields: options.customLeadFields,
    leadStatuses: () =>
      statusRows().map((row) => ({ value: String(row.MasterLabel), isDefault: row.IsDefault === true })),
  });
  const outbound = createOutboundMessaging({
    schema,
    ids,
    orgId,
    apiVersion,
    baseUrl: () => baseUrl,
    clock,
    seed: options.seed,
    options: options.outbound,
    logger,
  });
  const store = createOrgStore({
    schema,
    ids,
    now: recordNow,
    defaultLeadStatus: () =>
      statusRows().find((row) => row.IsDefault === true)?.MasterLabel as string | undefined,
    publish(change) {
      changes.push(change);
      for (const listener of listeners) listener(change);
      const row = store.get(change.id)?.row;
      if (row !== undefined) outbound.notice(change, row);
    },
  });
  function statusRows() {
    return store.rows('LeadStatus').sort((a, b) => Number(a.SortOrder) - Number(b.SortOrder));
  }
  const directory = createOrgDirectory(store, recordNow);
  const adminId =
    options.admin.id === undefined ? ids.next('User') : (canonicalId(options.admin.id) ?? options.admin.id);
  const admin = directory.addUser({ ...options.admin, id: adminId }, { userId: adminId, client: null });
  const adminUserId = String(admin.Id);
  const adminActor: Actor = { userId: adminUserId, client: null };
  let signedInUserId = adminUserId;
  directory.addLeadStatuses(options.leadStatuses, adminActor);

  const grants = createOAuthGrants({
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    orgId,
    clock,
    sessionSeconds: options.sessionSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens,
    requirePkce: options.requirePkce,
    callbackUrls: input.callbackUrls ?? null,
    appScopes: options.appScopes,
  });
  const traffic = createTrafficControl({ clock });
  const allocation = createApiAllocation(options.dailyApiRequests);
  const source = { rows: store.rows, get: store.get };
  const bulkJobs = createBulkQueryJobs({
    schema,
    source,
    ids,
    clock,
    pollsUntilComplete: options.bulk.pollsUntilComplete,
  });
  const app = createStandInApp({
    traffic,
    grants,
    oauth: {
      orgId,
      baseUrl: () => baseUrl,
      apiVersion,
      approvingUserId: () => signedInUserId,
      user: (userId) => (store.get(userId)?.objectType === 'User' ? store.get(userId)?.row : undefined),
    },
    allocation,
    schema,
    store,
    source,
    ids,
    bulkJobs,
    bulkMaxRecords: options.bulk.maxRecordsPerPage,
    logger,
  });

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  baseUrl = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  logger?.info({ baseUrl, orgId }, 'Salesforce stand-in listening');

  const plain = (objectType: string, row: Row): SalesforceRecord => {
    const object = schema.object(objectType);
    if (!object) return row;
    return Object.fromEntries(
      object.fields.map((field) => [field.name, renderValue(field, row[field.name])]),
    );
  };
  const actorFor = (origin: ChangeOrigin | undefined): Actor => ({
    userId: origin?.userId ?? adminUserId,
    client: origin?.client ?? null,
  });
  const saveLead = (
    request: SaveRequest,
    origin: ChangeOrigin | undefined,
    what: string,
  ): SalesforceRecord => {
    const [result] = saveRecords(store, [request], true, actorFor(origin));
    if (result?.success && result.id) return plain('Lead', store.get(result.id)?.row ?? {});
    const detail = result?.errors.map((error) => `${error.statusCode}: ${error.message}`).join('; ');
    throw new Error(`The stand-in org refused to ${what}: ${detail ?? 'no answer'}`);
  };
  const live = (objectType: string) => store.rows(objectType).map((row) => plain(objectType, row));
  let closing: Promise<void> | undefined;

  return {
    baseUrl,
    loginUrl: baseUrl,
    instanceUrl: baseUrl,
    apiVersion,
    orgId,
    adminUserId,
    createLead: (fields, origin) =>
      saveLead({ kind: 'create', objectType: 'Lead', body: fields }, origin, 'create the Lead'),
    updateLead: (id, fields, origin) =>
      saveLead({ kind: 'update', objectType: 'Lead', id, body: fields }, origin, `update Lead ${id}`),
    convertLead(id, convert = {}, origin = undefined) {
      const change = directory.convertLead(id, convert, actorFor(origin));
      return plain('Lead', store.get(change.id)?.row ?? {});
    },
    deleteLead(id, origin) {
      const record = store.get(id);
      if (record?.objectType !== 'Lead') throw new Error(`The stand-in org has no Lead ${id}.`);
      const outcome = store.remove(id, actorFor(origin));
      if (!outcome.ok)
        throw new Error(`The stand-in org refused to delete Lead ${id}: ${outcome.errors[0]?.message}`);
    },
    mergeLeads(masterId, mergedId, origin) {
      const { master } = mergeLeads(store, masterId, mergedId, actorFor(origin));
      return plain('Lead', store.get(master.id)?.row ?? {});
    },
    lead(id) {
      const record = store.get(id);
      return record && record.objectType === 'Lead' && !record.deleted
        ? plain('Lead', record.row)
        : undefined;
    },
    leads: () => live('Lead'),
    addUsers: (users) => users.map((user) => plain('User', directory.addUser(user, adminActor))),
    users: () => live('User'),
    assignPermissionSet: (userId, permissionSetName, namespacePrefix) =>
      plain(
        'PermissionSetAssignment',
        directory.assignPermissionSet(userId, permissionSetName, namespacePrefix ?? null, adminActor),
      ),
    signInAs(userId) {
      const user = store.get(userId);
      if (user?.objectType !== 'User') throw new Error(`The stand-in org has no User ${userId}.`);
      // Salesforce's login page turns away a deactivated user.
      if (user.row.IsActive !== true) throw new Error(`User ${userId} is inactive and cannot log in.`);
      signedInUserId = String(user.row.Id);
    },
    addQueues: (queues) => queues.map((queue) => plain('Group', directory.addQueue(queue, adminActor))),
    queues: () => live('Group').filter((row) => row.Type === 'Queue'),
    addCampaignMember: (leadId, campaign, member = {}) =>
      plain('CampaignMember', directory.addCampaignMember(leadId, campaign, member, adminActor)),
    leadStatuses: () => statusRows().map((row) => plain('LeadStatus', row)),
    tasks: () => live('Task'),
    records: live,
    changes: () => [...changes],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setRecordClock(next) {
      recordClock = next;
    },
    isInstalled: grants.isInstalled,
    expireAccessTokens: grants.expireAccessTokens,
    revoke: grants.revokeAll,
    uninstall: grants.revokeAll,
    apiUsage: allocation.usage,
    setApiAllocation: allocation.setAllocation,
    setOutboundTarget: (url) =>
      outbound.dispatcher.setTarget(url === undefined ? undefined : assertLoopbackUrl(url)),
    whenOutboundMessagesDelivered: (timeoutMs = 10_000) => outbound.dispatcher.whenIdle(timeoutMs),
    outboundStats: outbound.dispatcher.stats,
    injectFailures: traffic.injectFailures,
    injectLatency: traffic.injectLatency,
    requestLog: traffic.requestLog,
    callsByEndpoint: traffic.callsByEndpoint,
    resetCounters: traffic.resetCounters,
    close() {
      closing ??= new Promise<void>((resolve) => {
        outbound.dispatcher.close();
        traffic.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
