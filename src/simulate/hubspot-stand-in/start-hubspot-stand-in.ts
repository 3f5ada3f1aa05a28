import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { contactRoutes } from './contact-routes.ts';
import { contactSearchRoutes } from './contact-search-routes.ts';
import {
  type ChangeOrigin,
  type ContactRecord,
  createContactStore,
  type PublishedChange,
} from './contact-store.ts';
import { sendHubSpotError } from './hubspot-error-body.ts';
import { missingSpecsNotice } from './hubspot-spec-folder.ts';
import { checkHubSpotUser, createOAuthInstall } from './oauth-install.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { createOwnerDirectory, type NewOwner, type StandInOwner } from './owner-directory.ts';
import { ownerRoutes } from './owner-routes.ts';
import {
  createPropertyRegistry,
  type PropertyDefinition,
  type PropertyGroupDefinition,
  type StandInObjectType,
} from './property-registry.ts';
import { propertyRoutes } from './property-routes.ts';
import { type ContractMiddleware, loadContractMiddleware } from './request-contract.ts';
import { createSeededRandom } from './seeded-random.ts';
import { assertLoopbackUrl, type HubSpotStandInOptions, resolveStandInOptions } from './stand-in-options.ts';
import { type StandInTask, taskRoutes } from './task-routes.ts';
import { createTrafficControl, type TrafficControl } from './traffic-control.ts';
import { createWebhookDispatcher, type WebhookStats } from './webhook-dispatcher.ts';
import { createWebhookEventFactory } from './webhook-events.ts';

export interface HubSpotStandIn extends Omit<TrafficControl, 'middleware' | 'close' | 'injectTimeouts'> {
  /** Use as HUBSPOT_API_BASE_URL. */
  readonly baseUrl: string;
  /** Use as HUBSPOT_AUTHORIZE_URL: approves at once and redirects with a code. */
  readonly authorizeUrl: string;
  readonly portalId: number;
  readonly appId: number;
  createContact(properties: Readonly<Record<string, string>>, origin?: ChangeOrigin): ContactRecord;
  updateContact(
    id: string,
    properties: Readonly<Record<string, string>>,
    origin?: ChangeOrigin,
  ): ContactRecord;
  mergeContacts(primaryId: string, mergedId: string, origin?: ChangeOrigin): ContactRecord;
  deleteContact(id: string, origin?: ChangeOrigin): void;
  privacyDeleteContact(id: string, origin?: ChangeOrigin): void;
  contact(id: string): ContactRecord | undefined;
  contacts(): ContactRecord[];
  addOwners(owners: readonly NewOwner[]): StandInOwner[];
  owners(): StandInOwner[];
  /** Tasks apps created (Baton's SLA breach notifications). */
  tasks(): StandInTask[];
  propertyGroups(objectType: StandInObjectType): PropertyGroupDefinition[];
  properties(objectType: StandInObjectType): PropertyDefinition[];
  /** Every change in the portal, as it happens (before its webhooks are sent). */
  onChange(listener: (change: PublishedChange) => void): () => void;
  /** The clock for record times and webhook `occurredAt` (a replayed scenario's time); null restores `clock`. */
  setRecordClock(clock: (() => Date) | null): void;
  /**
   * Like a browser session logged in to HubSpot as this user: the codes authorize issues from now
   * on, and their tokens' `user_id` and introspected `user`, are this user's. Tokens issued before
   * keep theirs. Until called, authorizations are the installing user's (`user_id` 9000000).
   */
  signInAs(user: { readonly userId: number; readonly email: string }): void;
  isInstalled(): boolean;
  expireAccessTokens(): void;
  /** The portal's admin uninstalls the app: every token stops working. */
  uninstall(): void;
  setWebhookTarget(url: string | undefined): void;
  /** Sends what is queued and waits until nothing is queued, in flight or awaiting a retry. */
  whenWebhooksDelivered(timeoutMs?: number): Promise<void>;
  webhookStats(): WebhookStats;
  /** The next `count` requests get no answer; their connection drops after `hangMs` (30 s). */
  injectTimeouts(count: number, options?: { readonly hangMs?: number }): void;
  close(): Promise<void>;
}

const CHANGED_IN_PORTAL: ChangeOrigin = { changeSource: 'CRM_UI' };

/** A local, in-process HubSpot portal speaking HubSpot's HTTP contract, for the demo and benchmarks. */
export async function startHubSpotStandIn(input: HubSpotStandInOptions): Promise<HubSpotStandIn> {
  const options = resolveStandInOptions(input);
  const { clock } = options;
  const logger = input.logger?.child({ component: 'hubspot-stand-in' });
  const contract: ContractMiddleware =
    options.openApiDirectory === null
      ? (_request, _response, next) => next()
      : await loadContractMiddleware(options.openApiDirectory);
  if (options.openApiDirectory === null && input.openApiDirectory === undefined) {
    logger?.warn(`${missingSpecsNotice()}: the stand-in does not check requests against them`);
  }

  let recordClock: (() => Date) | null = null;
  const recordNow = () => (recordClock ?? clock)().getTime();
  const owners = createOwnerDirectory(() => clock().getTime());
  const registry = createPropertyRegistry(() => clock().getTime());
  const install = createOAuthInstall({ ...input, hasLeadObject: options.hasLeadObject, clock });
  const traffic = createTrafficControl({
    clock,
    rateLimit: options.rateLimit,
    searchRateLimit: options.searchRateLimit,
  });
  const dispatcher = createWebhookDispatcher({
    clientSecret: input.clientSecret,
    clock,
    random: createSeededRandom(options.seed),
    flushIntervalMs: options.webhookFlushMs,
    maxConcurrentRequests: options.webhookConcurrency,
    deliveryTimeoutMs: options.webhookTimeoutMs,
    retry: options.webhookRetry,
    duplicateDeliveries: options.duplicateDeliveries,
    signatureVersions: options.signatureVersions,
    logger,
  });
  if (input.webhookTargetUrl !== undefined) dispatcher.setTarget(assertLoopbackUrl(input.webhookTargetUrl));
  const eventsFor = createWebhookEventFactory({
    portalId: input.portalId,
    appId: input.appId,
    isDatetime: (name) => registry.property('contacts', name)?.type === 'datetime',
    subscriptions: options.webhookSubscriptions,
  });
  const listeners = new Set<(change: PublishedChange) => void>();
  const contacts = createContactStore({
    registry,
    isOwner: owners.has,
    now: recordNow,
    publish: (change) => {
      for (const listener of listeners) listener(change);
      dispatcher.enqueue(eventsFor(change));
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(traffic.middleware);
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(oauthRoutes({ install, clientId: input.clientId, contract }));
  app.use(contactRoutes({ install, contacts, appId: input.appId, contract, clock }));
  app.use(contactSearchRoutes({ install, contacts, registry, contract }));
  const taskApi = taskRoutes({ install, contacts, isOwner: owners.has, contract, clock });
  app.use(taskApi.router);
  app.use(ownerRoutes({ install, owners, contract, baseUrl: () => baseUrl }));
  app.use(propertyRoutes({ install, registry, owners, contract, clock }));
  app.use((request: Request, response: Response) =>
    sendHubSpotError(
      response,
      404,
      'OBJECT_NOT_FOUND',
      `The stand-in does not serve ${request.method} ${request.path}.`,
    ),
  );
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 400) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid input JSON.');
    if (status === 413) return sendHubSpotError(response, 413, 'VALIDATION_ERROR', 'Request body too large.');
    logger?.error({ err: error }, 'stand-in route failed');
    sendHubSpotError(response, 500, 'INTERNAL_ERROR', 'internal error');
  });

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${options.host}:${port}`;
  logger?.info({ baseUrl, portalId: input.portalId }, 'HubSpot stand-in listening');

  let closing: Promise<void> | undefined;
  const succeed = (outcome: ReturnType<typeof contacts.create>): ContactRecord => {
    if (outcome.ok) return outcome.record;
    const detail =
      outcome.reason === 'invalid' ? outcome.problems.map((p) => p.message).join('; ') : outcome.message;
    throw new Error(`The stand-in portal refused the change: ${detail}`);
  };

  return {
    baseUrl,
    authorizeUrl: `${baseUrl}/oauth/authorize`,
    portalId: input.portalId,
    appId: input.appId,
    createContact: (properties, origin = CHANGED_IN_PORTAL) =>
      succeed(contacts.create(properties, 'portal', origin)),
    updateContact: (id, properties, origin = CHANGED_IN_PORTAL) =>
      succeed(contacts.update(id, properties, 'portal', origin)),
    mergeContacts: (primaryId, mergedId, origin = CHANGED_IN_PORTAL) =>
      succeed(contacts.merge(primaryId, mergedId, origin)),
    deleteContact: (id, origin = CHANGED_IN_PORTAL) => void succeed(contacts.remove(id, origin, false)),
    privacyDeleteContact: (id, origin = CHANGED_IN_PORTAL) => void succeed(contacts.remove(id, origin, true)),
    contact: contacts.get,
    contacts: contacts.all,
    addOwners: (added) => added.map(owners.add),
    owners: owners.list,
    tasks: taskApi.tasks,
    propertyGroups: registry.groups,
    properties: registry.properties,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setRecordClock(next) {
      recordClock = next;
    },
    signInAs: (user) => install.signInAs(checkHubSpotUser(user)),
    isInstalled: install.isInstalled,
    expireAccessTokens: install.expireAccessTokens,
    uninstall: install.uninstall,
    setWebhookTarget: (url) => dispatcher.setTarget(url === undefined ? undefined : assertLoopbackUrl(url)),
    whenWebhooksDelivered: (timeoutMs = 10_000) => dispatcher.whenIdle(timeoutMs),
    webhookStats: dispatcher.stats,
    injectFaults: traffic.injectFaults,
    injectLatency: traffic.injectLatency,
    injectTimeouts: (count, timeoutOptions) =>
      traffic.injectTimeouts(count, timeoutOptions?.hangMs ?? 30_000),
    callsByEndpoint: traffic.callsByEndpoint,
    callsByWindow: traffic.callsByWindow,
    maxCallsInAnyWindow: traffic.maxCallsInAnyWindow,
    rateLimited: traffic.rateLimited,
    resetCounters: traffic.resetCounters,
    close() {
      closing ??= new Promise<void>((resolve) => {
        dispatcher.close();
        traffic.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
