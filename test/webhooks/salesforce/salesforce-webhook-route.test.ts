import { asc } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_EVENT } from '../../../src/crm/salesforce/intake/salesforce-event-kind.ts';
import { createApp } from '../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../src/server/http-server.ts';
import type { Crm } from '../../../src/store/crm-name.ts';
import { inbox, inboxReceipts, type TenantStatus, tenants } from '../../../src/store/schema.ts';
import { createTenant, setTenantStatus } from '../../../src/store/tenants.ts';
import { ORG_CACHE_TTL_MS } from '../../../webhooks/salesforce/org-tenant-cache.ts';
import {
  SALESFORCE_WEBHOOK_PATH,
  salesforceWebhookRouter,
} from '../../../webhooks/salesforce/salesforce-webhook-route.ts';
import {
  FIXTURE_ACTION_ID,
  FIXTURE_LEAD_ID,
  FIXTURE_NOTIFICATION_ID,
  FIXTURE_ORG_ID,
  FIXTURE_SESSION_ID,
  leadIdOf,
  leadNotifications,
  notificationIdOf,
  type OutboundMessageFixture,
  outboundMessage,
  readFixture,
} from '../../fixtures/salesforce/outbound-messages.ts';
import { type CapturedLog, captureLogs } from '../../server/log-capture.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack>' +
  '</notificationsResponse></soapenv:Body></soapenv:Envelope>';

function faultOf(message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${message}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

describe('POST /webhooks/salesforce', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  let base: string;
  let now: number;
  let logs: { lines: CapturedLog[]; raw: string[] };

  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  /** A fresh router is a fresh process: nothing cached. */
  async function serve(): Promise<void> {
    await server?.close();
    const { logger, lines, raw } = captureLogs();
    logs = { lines, raw };
    const app = createApp({
      logger,
      pingStore: store.ping,
      engine: store.engine,
      version: 'test',
      routers: [salesforceWebhookRouter({ db: store.db, clock: () => new Date(now), logger })],
    });
    server = await startHttpServer(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  }

  beforeEach(async () => {
    await store.db.delete(inbox);
    await store.db.delete(inboxReceipts);
    await store.db.delete(tenants);
    now = T0;
    await serve();
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function tenantFor(organizationId: string, status: TenantStatus = 'active', crm: Crm = 'salesforce') {
    return createTenant(store.db, { crm, externalId: organizationId, name: 'Acme', status }, new Date(T0));
  }

  async function deliver(body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${SALESFORCE_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', ...headers },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  }

  const storedRows = () => store.db.select().from(inbox).orderBy(asc(inbox.id));
  const receipts = () => store.db.select().from(inboxReceipts);
  const payloadOf = (n: number) => ({
    notificationId: notificationIdOf(n),
    actionId: FIXTURE_ACTION_ID,
    objectType: 'Lead',
    recordId: leadIdOf(n),
  });

  describe('stores and acknowledges', () => {
    it('stores a notification as an inbox item of its Lead, attached to the tenant, and answers the Ack envelope', async () => {
      const tenant = await tenantFor(FIXTURE_ORG_ID);

      const response = await deliver(readFixture('outbound-message-single-lead'));

      expect(response).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: ACK });
      expect(await storedRows()).toEqual([
        expect.objectContaining({
          tenantId: tenant.id,
          crm: 'salesforce',
          externalAccountId: FIXTURE_ORG_ID,
          dedupeKey: `om:${FIXTURE_ORG_ID}:${FIXTURE_NOTIFICATION_ID}`,
          recordKey: `Lead:${FIXTURE_LEAD_ID}`,
          kind: SALESFORCE_EVENT,
          status: 'pending',
          receivedAt: new Date(T0),
          payload: {
            type: SALESFORCE_EVENT,
            events: [
              {
                notificationId: FIXTURE_NOTIFICATION_ID,
                actionId: FIXTURE_ACTION_ID,
                objectType: 'Lead',
                recordId: FIXTURE_LEAD_ID,
              },
            ],
          },
        }),
      ]);
    });

    it('stores a 100-notification envelope as 100 items, one per Lead, in the order sent', async () => {
      await tenantFor(FIXTURE_ORG_ID);

      const response = await deliver(outboundMessage({ notifications: leadNotifications(100) }));

      expect(response.body).toBe(ACK);
      const rows = await storedRows();
      expect(rows.map((row) => row.payload)).toEqual(
        Array.from({ length: 100 }, (_, n) => ({ type: SALESFORCE_EVENT, events: [payloadOf(n)] })),
      );
      expect(rows.map((row) => row.recordKey)).toEqual(
        Array.from({ length: 100 }, (_, n) => `Lead:${leadIdOf(n)}`),
      );
    });

    it('keeps the notifications of one Lead together, in order, as one item', async () => {
      await tenantFor(FIXTURE_ORG_ID);
      const notifications = leadNotifications(6).map((n, i) => ({ ...n, recordId: leadIdOf(i % 2) }));

      await deliver(outboundMessage({ notifications }));

      const rows = await storedRows();
      expect(rows.map((row) => [row.recordKey, row.dedupeKey])).toEqual([
        [`Lead:${leadIdOf(0)}`, `om:${FIXTURE_ORG_ID}:${notificationIdOf(0)}`],
        [`Lead:${leadIdOf(1)}`, `om:${FIXTURE_ORG_ID}:${notificationIdOf(1)}`],
      ]);
      expect(rows[0]?.payload).toEqual({
        type: SALESFORCE_EVENT,
        events: [0, 2, 4].map((n) => ({ ...payloadOf(n), recordId: leadIdOf(0) })),
      });
      expect(await receipts()).toHaveLength(6);
    });

    it('acknowledges a redelivery without storing it again', async () => {
      await tenantFor(FIXTURE_ORG_ID);
      const body = outboundMessage({ notifications: leadNotifications(10) });
      expect((await deliver(body)).body).toBe(ACK);
      const before = await storedRows();

      const again = await deliver(body);

      expect(again).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: ACK });
      expect(await storedRows()).toEqual(before);
      expect(await receipts()).toHaveLength(10);
    });

    it('stores only the new notifications of a retry that Salesforce batched differently', async () => {
      await tenantFor(FIXTURE_ORG_ID);
      await deliver(outboundMessage({ notifications: leadNotifications(10) }));

      await deliver(outboundMessage({ notifications: leadNotifications(10, 5) }));

      const rows = await storedRows();
      expect(rows).toHaveLength(15);
      expect(rows.slice(10).map((row) => row.dedupeKey)).toEqual(
        [10, 11, 12, 13, 14].map((n) => `om:${FIXTURE_ORG_ID}:${notificationIdOf(n)}`),
      );
    });

    it('stores notifications delivered out of order, each once, whatever arrives when', async () => {
      await tenantFor(FIXTURE_ORG_ID);
      const first = outboundMessage({
        notifications: [{ id: notificationIdOf(1), recordId: FIXTURE_LEAD_ID }],
      });
      const second = outboundMessage({
        notifications: [{ id: notificationIdOf(2), recordId: FIXTURE_LEAD_ID }],
      });

      await deliver(second);
      now += 30_000;
      await deliver(first);
      now += 30_000;
      await deliver(second);

      const rows = await storedRows();
      expect(rows.map((row) => [row.dedupeKey, row.recordKey, row.receivedAt])).toEqual([
        [`om:${FIXTURE_ORG_ID}:${notificationIdOf(2)}`, `Lead:${FIXTURE_LEAD_ID}`, new Date(T0)],
        [`om:${FIXTURE_ORG_ID}:${notificationIdOf(1)}`, `Lead:${FIXTURE_LEAD_ID}`, new Date(T0 + 30_000)],
      ]);
    });

    it('takes the body whatever its content type says', async () => {
      await tenantFor(FIXTURE_ORG_ID);
      const response = await deliver(readFixture('outbound-message-single-lead'), {
        'content-type': 'application/octet-stream',
      });
      expect(response.body).toBe(ACK);
      expect(await storedRows()).toHaveLength(1);
    });

    it('acknowledges notifications of objects Baton does not keep, stores nothing and says so in the log', async () => {
      await tenantFor(FIXTURE_ORG_ID);

      const response = await deliver(readFixture('outbound-message-contact'));

      expect(response).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: ACK });
      expect(await storedRows()).toEqual([]);
      expect(logs.lines).toContainEqual(
        expect.objectContaining({ organizationId: FIXTURE_ORG_ID, objectTypes: ['Contact'], level: 40 }),
      );
    });
  });

  describe('refuses with 400 and stores nothing', () => {
    const cases: [string, () => string, string | RegExp][] = [
      ['an empty body', () => '', 'the body is not an Outbound Message: the body is empty'],
      [
        'malformed XML',
        () => readFixture('malformed'),
        'the body is not well-formed XML: 11:19: unexpected close tag.',
      ],
      ...(['billion-laughs', 'xxe-external-entity'] as OutboundMessageFixture[]).map(
        (name) =>
          [
            `a DTD (${name})`,
            () => readFixture(name),
            'the body is not an Outbound Message: it has a DOCTYPE, which Salesforce never sends and Baton refuses',
          ] as [string, () => string, string],
      ),
      [
        'notifications in another namespace',
        () => readFixture('wrong-namespace'),
        /^the body is not an Outbound Message: notifications is in namespace/,
      ],
      [
        'more than 100 notifications',
        () => outboundMessage({ notifications: leadNotifications(101) }),
        'the body is not an Outbound Message: it holds more than 100 Notifications',
      ],
      [
        'a body over 1 MB',
        () => readFixture('outbound-message-single-lead').replace('Okafor', 'O'.repeat(1_048_576)),
        'the body is larger than 1048576 bytes, more than an Outbound Message of 100 notifications needs',
      ],
      [
        'no OrganizationId',
        () => readFixture('outbound-message-single-lead').replace(/<OrganizationId>.*<\/OrganizationId>/, ''),
        'the body is not an Outbound Message: OrganizationId is missing',
      ],
    ];

    it.each(cases)('%s', async (_name, body, message) => {
      await tenantFor(FIXTURE_ORG_ID);

      const response = await deliver(body());

      expect(response.status).toBe(400);
      expect(response.type).toBe('text/xml; charset=utf-8');
      const faultString = /<faultstring>(.*)<\/faultstring>/.exec(response.body)?.[1] ?? '';
      expect(response.body).toBe(faultOf(faultString));
      expect(faultString).toMatch(message);
      expect(await storedRows()).toEqual([]);
      expect(await receipts()).toEqual([]);
    });

    it('answers the exact fault for a missing OrganizationId', async () => {
      const response = await deliver(
        readFixture('outbound-message-single-lead').replace(/<OrganizationId>.*<\/OrganizationId>/, ''),
      );
      expect(response.body).toBe(faultOf('the body is not an Outbound Message: OrganizationId is missing'));
    });

    it('answers a body it cannot decode with a SOAP fault too', async () => {
      const response = await deliver(readFixture('outbound-message-single-lead'), {
        'content-encoding': 'x-made-up',
      });
      expect(response).toEqual({
        status: 415,
        type: 'text/xml; charset=utf-8',
        body: faultOf('request body encoding is not supported; send identity, gzip, deflate or br'),
      });
      expect(await storedRows()).toEqual([]);
    });
  });

  describe('refuses with 403 an org that has not installed Baton, and stores nothing', () => {
    const refused = faultOf(
      `organization ${FIXTURE_ORG_ID} has no active Baton install: install Baton in the org, or remove the Outbound Message that points here`,
    );

    it.each([
      ['an org no tenant has', async () => undefined],
      ['an uninstalled tenant', () => tenantFor(FIXTURE_ORG_ID, 'uninstalled')],
      ['an install not finished yet', () => tenantFor(FIXTURE_ORG_ID, 'installing')],
      ['a HubSpot tenant with the same id', () => tenantFor(FIXTURE_ORG_ID, 'active', 'hubspot')],
    ])('%s', async (_name, setUp) => {
      await setUp();

      const response = await deliver(readFixture('outbound-message-single-lead'));

      expect(response).toEqual({ status: 403, type: 'text/xml; charset=utf-8', body: refused });
      expect(await storedRows()).toEqual([]);
      expect(await receipts()).toEqual([]);
    });

    it('refuses an org within seconds of its uninstall, once the cached tenant expires', async () => {
      const tenant = await tenantFor(FIXTURE_ORG_ID);
      expect((await deliver(outboundMessage({ notifications: leadNotifications(1) }))).status).toBe(200);
      await setTenantStatus(store.db, tenant.id, 'uninstalled', new Date(now));

      now += ORG_CACHE_TTL_MS;
      const response = await deliver(outboundMessage({ notifications: leadNotifications(1, 1) }));

      expect(ORG_CACHE_TTL_MS).toBeLessThanOrEqual(10_000);
      expect(response.status).toBe(403);
      expect(await storedRows()).toHaveLength(1);
    });

    it('accepts an org as soon as its install finishes', async () => {
      const tenant = await tenantFor(FIXTURE_ORG_ID, 'installing');
      expect((await deliver(readFixture('outbound-message-single-lead'))).status).toBe(403);

      await setTenantStatus(store.db, tenant.id, 'active', new Date(now));

      expect((await deliver(readFixture('outbound-message-single-lead'))).body).toBe(ACK);
      expect(await storedRows()).toHaveLength(1);
    });
  });

  it('never stores or logs the SessionId', async () => {
    await tenantFor(FIXTURE_ORG_ID);
    const single = readFixture('outbound-message-single-lead');
    expect(single).toContain(FIXTURE_SESSION_ID);

    await deliver(single);
    await deliver(single.replace(/<ActionId>.*<\/ActionId>/, ''));
    await deliver(single.replace(FIXTURE_ORG_ID, '00D5g00000ZzYyXEAV'));
    await deliver(outboundMessage({ notifications: leadNotifications(3), sessionId: FIXTURE_SESSION_ID }));

    const secret = FIXTURE_SESSION_ID.split('!')[1] ?? FIXTURE_SESSION_ID;
    expect(JSON.stringify(await storedRows())).not.toContain(secret);
    expect(await storedRows()).toHaveLength(4);
    expect(logs.raw.length).toBeGreaterThanOrEqual(4);
    expect(logs.raw.join('')).not.toContain(secret);
  });

  it('answers 500 when the store is down, so that Salesforce delivers the message again later', async () => {
    const down = await openTestStore();
    const { logger } = captureLogs();
    const app = createApp({
      logger,
      pingStore: down.ping,
      engine: down.engine,
      version: 'test',
      routers: [salesforceWebhookRouter({ db: down.db, clock: () => new Date(T0), logger })],
    });
    const downServer = await startHttpServer(app, 0, '127.0.0.1');
    await down.close();
    try {
      const response = await fetch(`http://127.0.0.1:${downServer.port}${SALESFORCE_WEBHOOK_PATH}`, {
        method: 'POST',
        body: readFixture('outbound-message-single-lead'),
      });
      expect(response.status).toBe(500);
    } finally {
      await downServer.close();
    }
  });
});
