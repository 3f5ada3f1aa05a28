import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardView } from '../../../../src/core/card/card-view.ts';
import type { LedgerEntry } from '../../../../src/core/journey/ledger-entry.ts';
import { hubspotCardRouter } from '../../../../src/crm/hubspot/extension-api/hubspot-card-routes.ts';
import type { RunningServer } from '../../../../src/server/http-server.ts';
import { appendLedgerEntries, readLedger } from '../../../../src/store/ledger.ts';
import { cardActions, fieldNotes, inbox } from '../../../../src/store/schema.ts';
import { upsertSnapshots } from '../../../../src/store/snapshots.ts';
import { type Tenant, updateTenantSettings } from '../../../../src/store/tenants.ts';
import { at, installTenant, T0 } from '../../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { serveRouters, silent } from './serve-routers.ts';
import { type SignedCall, signedCall } from './signed-call.ts';

const SECRET = 'card-secret';
const PUBLIC = 'https://baton.example.com';
/** HubSpot users: 11 owns contact 501 (owner 42); 22 is on the sales team; 33 is neither; 55 is marketing. */
const USERS: Readonly<Record<string, { ownerId: string | null; teamIds: string[] }>> = {
  '11': { ownerId: '42', teamIds: [] },
  '22': { ownerId: '77', teamIds: ['team-sales'] },
  '33': { ownerId: null, teamIds: [] },
  '55': { ownerId: null, teamIds: [] },
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
  await updateTenantSettings(
    store.db,
    tenant.id,
    () => ({ roles: { sales: { teams: ['team-sales'] }, marketing: { users: ['55'] } } }),
    { actor: 'test', now: at(0) },
  );
  await seed(tenant, '501');
  await seed(tenant, '502');
  await seed(other, '900');
  server = await serveRouters(store, [
    hubspotCardRouter({
      db: store.db,
      config: { publicBaseUrl: PUBLIC, clientSecrets: [SECRET] },
      userOf: async (_tenantId, userId) => USERS[userId] ?? { ownerId: null, teamIds: [] },
      ownerNameOf: async (_tenantId, ownerId) => (ownerId === '42' ? 'Ana Rep' : null),
      clock: () => now,
      logger: silent,
    }),
  ]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});
beforeEach(() => {
  now = at(60);
});

type Call = Omit<SignedCall, 'portal' | 'user' | 'secret' | 'timestamp'> & Partial<SignedCall>;

const call = <Body = CardView>(request: Call) =>
  signedCall<Body>(server, PUBLIC, {
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
    // HubSpot's owners name the person holding the lead.
    expect(body.owner.person).toEqual({ id: '42', name: 'Ana Rep' });
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

describe('field intelligence on the card', () => {
  const NOTES = '/api/hubspot/cards/contacts/501/field-notes';
  type Notes = {
    notes: { id: string; status: string; body: string; answer: string | null; answeredBy: string | null }[];
    canSend: boolean;
    canAnswer: boolean;
  };
  const notes = (request: Call) => call<Notes>(request);
  const stored = async () =>
    (await store.db.select().from(fieldNotes).where(eq(fieldNotes.tenantId, tenant.id))).length;

  it('lets the holder send marketing a note once per request id, and nobody else without the sales role', async () => {
    const refused = await notes({
      method: 'POST',
      path: NOTES,
      user: '33',
      body: { requestId: 'note-0001', body: 'x' },
    });
    expect(refused.status).toBe(403);
    const malformed = await notes({
      method: 'POST',
      path: NOTES,
      body: { requestId: 'note-0001', body: '   ' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.issues?.map((i: { path: string }) => i.path)).toEqual(['body']);
    expect(await stored()).toBe(0);

    const request = {
      method: 'POST' as const,
      path: NOTES,
      body: { requestId: 'note-0001', body: 'They are moving to a rival next quarter' },
    };
    const first = await notes(request);
    const again = await notes(request);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({
      canSend: true,
      canAnswer: false,
      notes: [{ status: 'open', body: request.body.body }],
    });
    expect(await stored()).toBe(1);
    const reused = await notes({ ...request, body: { requestId: 'note-0001', body: 'something else' } });
    expect(reused.status).toBe(409);
  });

  it('lets marketing answer acted on or declined, with a reason the rep reads, once', async () => {
    const [note] = (await notes({ path: NOTES })).body.notes;
    if (!note) throw new Error('no note to answer');
    const answer = `${NOTES}/${note.id}/answer`;
    const rep = await notes({ method: 'POST', path: answer, body: { status: 'acted_on', answer: 'ok' } });
    expect(rep.status).toBe(403);
    const bad = await notes({
      method: 'POST',
      path: answer,
      user: '55',
      body: { status: 'maybe', answer: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.map((i: { path: string }) => i.path)).toEqual(['status', 'answer']);
    const elsewhere = await notes({
      method: 'POST',
      path: `/api/hubspot/cards/contacts/502/field-notes/${note.id}/answer`,
      user: '55',
      body: { status: 'declined', answer: 'no' },
    });
    expect(elsewhere.status).toBe(404);
    const notAnId = await notes({
      method: 'POST',
      path: `${NOTES}/not-a-uuid/answer`,
      user: '55',
      body: { status: 'declined', answer: 'no' },
    });
    expect(notAnId.status).toBe(404);

    const answered = await notes({
      method: 'POST',
      path: answer,
      user: '55',
      body: { status: 'acted_on', answer: 'Added to the competitor watch list' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.notes[0]).toMatchObject({
      status: 'acted_on',
      answer: 'Added to the competitor watch list',
      answeredBy: '55',
    });
    expect(answered.body.canAnswer).toBe(true);
    const twice = await notes({
      method: 'POST',
      path: answer,
      user: '55',
      body: { status: 'declined', answer: 'changed my mind' },
    });
    expect(twice.status).toBe(409);
    expect((await notes({ path: NOTES })).body.notes[0]?.status).toBe('acted_on');
  });

  it('never shows a note to another portal', async () => {
    const foreign = await notes({ path: NOTES, portal: other.externalId });
    expect(foreign.status).toBe(404);
  });
});
