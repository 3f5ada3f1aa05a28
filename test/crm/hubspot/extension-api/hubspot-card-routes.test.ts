import { Writable } from 'node:stream';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardView } from '../../../../src/core/card/card-view.ts';
import type { LedgerEntry } from '../../../../src/core/journey/ledger-entry.ts';
import { hubspotCardRouter } from '../../../../src/crm/hubspot/extension-api/hubspot-card-routes.ts';
import { createLogger } from '../../../../src/log.ts';
import { createApp } from '../../../../src/server/app.ts';
import { type RunningServer, startHttpServer } from '../../../../src/server/http-server.ts';
import { appendLedgerEntries, readLedger } from '../../../../src/store/ledger.ts';
import { cardActions, inbox } from '../../../../src/store/schema.ts';
import { upsertSnapshots } from '../../../../src/store/snapshots.ts';
import { type Tenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { at, installTenant, T0 } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { type SignedCall, signedCall } from './signed-call.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const SECRET = 'card-secret';
const PUBLIC = 'https://baton.example.com';
/** HubSpot users: 11 owns contact 501 (owner 42); 22 is on the sales team; 33 is neither. */
const USERS: Readonly<Record<string, { ownerId: string | null; teamIds: string[] }>> = {
  '11': { ownerId: '42', teamIds: [] },
  '22': { ownerId: '77', teamIds: ['team-sales'] },
  '33': { ownerId: null, teamIds: [] },
};

let store: TestStore;
let server: RunningServer;
let tenant: Tenant;
let other: Tenant;
let now = at(60);

function handedOff(recordId: string): LedgerEntry[] {
  const base = { recordId, occurredAt: T0, stage: 'mql', ownerFunction: 'marketing', ownerPerson: '42' };
  return [
    { ...base, kind: 'stage_entered', dedupeKey: `stage:mql:${T0}` },
    { ...base, kind: 'owner_person_changed', dedupeKey: `owner:42:${T0}` },
    { ...base, kind: 'handoff_event', event: 'qualified', dedupeKey: `event:qualified:${T0}` },
    { ...base, kind: 'handoff_event', event: 'handed_off', dedupeKey: `event:handed_off:${T0}` },
  ];
}

async function seed(owner: Tenant, recordId: string) {
  await upsertSnapshots(
    store.db,
    owner.id,
    [
      {
        objectType: 'contacts',
        recordId,
        properties: { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '42' },
        observedAt: T0,
      },
    ],
    at(0),
  );
  await appendLedgerEntries(store.db, owner.id, handedOff(recordId));
}

beforeAll(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
  other = await installTenant(store.db, 'Globex');
  await updateTenantSettings(store.db, tenant.id, () => ({ roles: { sales: { teams: ['team-sales'] } } }), {
    actor: 'test',
    now: at(0),
  });
  await seed(tenant, '501');
  await seed(tenant, '502');
  await seed(other, '900');
  const app = createApp({
    logger: silent,
    pingStore: store.ping,
    engine: store.engine,
    version: 'test',
    routers: [
      hubspotCardRouter({
        db: store.db,
        config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
        userOf: async (_tenantId, userId) => USERS[userId] ?? { ownerId: null, teamIds: [] },
        clock: () => now,
        logger: silent,
      }),
    ],
  });
  server = await startHttpServer(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
  await store.close();
});
beforeEach(() => {
  now = at(60);
});

type Call = Omit<SignedCall, 'portal' | 'user' | 'secret' | 'timestamp'> & Partial<SignedCall>;

const call = (request: Call) =>
  signedCall<CardView>(server, PUBLIC, {
    portal: tenant.externalId,
    user: '11',
    secret: SECRET,
    timestamp: now.getTime(),
    ...request,
  });

const events = async (recordId: string) =>
  (await readLedger(store.db, tenant.id, recordId))
    .filter((e) => e.kind === 'handoff_event')
    .map((e) => e.event);

describe('the HubSpot card API', () => {
  it('answers the card view model of a contact of the signed portal', async () => {
    const { status, body } = await call({ path: '/api/hubspot/cards/contacts/501' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ recordId: '501', stage: { key: 'mql' }, actions: { canAccept: true } });
  });

  it.each([
    ['a forged signature', { secret: 'guessed' }],
    ['a stale timestamp', { timestamp: at(60).getTime() - 6 * 60_000 }],
  ])('refuses %s with 401', async (_case, change) => {
    const { status, body } = await call({ path: '/api/hubspot/cards/contacts/501', ...change });
    expect(status).toBe(401);
    expect(body.error?.code).toBe('signature_invalid');
  });

  it('refuses an unsigned request with 401', async () => {
    const response = await fetch(
      `http://127.0.0.1:${server.port}/api/hubspot/cards/contacts/501?portalId=${tenant.externalId}&userId=11`,
    );
    expect(response.status).toBe(401);
  });

  it("never shows another portal's record: 404", async () => {
    expect((await call({ path: '/api/hubspot/cards/contacts/900' })).status).toBe(404);
    expect((await call({ path: '/api/hubspot/cards/contacts/900', portal: other.externalId })).status).toBe(
      200,
    );
  });

  it('lets the holder accept once; a retried request id answers the same and records nothing again', async () => {
    const request = {
      method: 'POST' as const,
      path: '/api/hubspot/cards/contacts/501/accept',
      body: { requestId: 'req-accept-501' },
    };
    const first = await call(request);
    expect(first.status).toBe(200);
    expect(first.body.actions).toMatchObject({ canAccept: false, reason: 'already accepted' });
    expect(first.body.timeline[0]).toMatchObject({ event: 'accepted', actor: '11' });
    now = at(61);
    const retry = await call(request);
    expect(retry).toEqual(first);
    expect(await events('501')).toEqual(['qualified', 'handed_off', 'accepted']);
    // The acceptance reaches HubSpot through the normal write-back, queued once.
    const queued = await store.db
      .select({ key: inbox.dedupeKey })
      .from(inbox)
      .where(and(eq(inbox.tenantId, tenant.id), like(inbox.dedupeKey, 'writeback:%:501:card:%')));
    expect(queued).toHaveLength(1);

    const reused = await call({
      ...request,
      path: '/api/hubspot/cards/contacts/501/reject',
      body: { requestId: 'req-accept-501', reasonCode: 'bad_fit' },
    });
    expect(reused.status).toBe(409);
    const again = await call({ ...request, body: { requestId: 'req-accept-501-b' } });
    expect(again).toMatchObject({
      status: 409,
      body: { error: { message: 'cannot accept: already accepted' } },
    });
  });

  it('refuses a user who neither holds the lead nor has the sales role with 403, storing nothing', async () => {
    const { status, body } = await call({
      method: 'POST',
      path: '/api/hubspot/cards/contacts/502/reject',
      user: '33',
      body: { requestId: 'req-reject-502', reasonCode: 'bad_fit', feedback: 'not our market' },
    });
    expect(status).toBe(403);
    expect(body.error?.message).toContain('sales role');
    expect(await events('502')).toEqual(['qualified', 'handed_off']);
    expect(
      await store.db.select().from(cardActions).where(eq(cardActions.requestId, 'req-reject-502')),
    ).toEqual([]);
  });

  it('refuses a malformed body with 400 naming the field, storing nothing', async () => {
    const { status, body } = await call({
      method: 'POST',
      path: '/api/hubspot/cards/contacts/502/reject',
      user: '22',
      body: { requestId: 'req-reject-502' },
    });
    expect(status).toBe(400);
    expect(body.error?.issues?.map((i) => i.path)).toEqual(['reasonCode']);
    expect(await events('502')).toEqual(['qualified', 'handed_off']);
  });

  it('lets a member of the sales team reject with a reason and feedback marketing will see', async () => {
    const { status, body } = await call({
      method: 'POST',
      path: '/api/hubspot/cards/contacts/502/reject',
      user: '22',
      body: { requestId: 'req-reject-502-ok', reasonCode: 'bad_fit', feedback: 'not our market' },
    });
    expect(status).toBe(200);
    expect(body.timeline[0]).toMatchObject({
      event: 'rejected',
      actor: '22',
      reasonCode: 'bad_fit',
      feedback: 'not our market',
    });
  });
});
