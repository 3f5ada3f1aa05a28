import { createHmac } from 'node:crypto';
import { Signature } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import {
  APP,
  callApi,
  installApp,
  type ReceivedDelivery,
  startStandIn,
  startWebhookReceiver,
} from './stand-in-harness.ts';

let standIn: HubSpotStandIn | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterEach(async () => {
  await standIn?.close();
  await receiver?.close();
  standIn = undefined;
  receiver = undefined;
});

/** HubSpot's v3 signature, computed here from its documentation, independently of the stand-in. */
function expectSignedV3(delivery: ReceivedDelivery, url: string) {
  const timestamp = Number(delivery.headers['x-hubspot-request-timestamp']);
  expect(Math.abs(Date.now() - timestamp)).toBeLessThan(60_000);
  const expected = createHmac('sha256', APP.clientSecret)
    .update(`POST${url}${delivery.rawBody}${timestamp}`)
    .digest('base64');
  expect(delivery.headers['x-hubspot-signature-v3']).toBe(expected);
  expect(
    Signature.isValid({
      signatureVersion: 'v3',
      signature: String(delivery.headers['x-hubspot-signature-v3']),
      clientSecret: APP.clientSecret,
      requestBody: delivery.rawBody,
      url,
      method: 'POST',
      timestamp,
    }),
  ).toBe(true);
}

async function portalDeliveringTo(answer?: (index: number) => number, overrides = {}) {
  receiver = await startWebhookReceiver(answer);
  standIn = await startStandIn({ webhookTargetUrl: receiver.url, ...overrides });
  return { standIn, receiver };
}

describe('HubSpot stand-in webhooks', () => {
  it("sends only what Baton's app subscribes to: no echo of its own properties, no unsubscribed property", async () => {
    const { standIn, receiver } = await portalDeliveringTo();
    const { accessToken } = await installApp(standIn);
    const fitScore = {
      name: 'baton_fit_score',
      label: 'Fit score',
      groupName: 'contactinformation',
      type: 'number',
      fieldType: 'number',
    };
    expect(
      (await callApi(standIn, accessToken, 'POST', '/crm/v3/properties/contacts', fitScore)).status,
    ).toBe(201);
    const contact = standIn.createContact({ email: 'ada@example.com' });
    await standIn.whenWebhooksDelivered();
    receiver.deliveries.length = 0;
    standIn.updateContact(contact.id, { firstname: 'Ada', baton_fit_score: '40' });
    await standIn.whenWebhooksDelivered();
    expect(receiver.deliveries).toEqual([]);

    standIn.updateContact(contact.id, { firstname: 'Grace', jobtitle: 'Engineer', baton_fit_score: '50' });
    await standIn.whenWebhooksDelivered();
    const events = receiver.deliveries.flatMap((delivery) => delivery.events);
    expect(events.map((event) => event.propertyName)).toEqual(['jobtitle']);
  });

  it('sends a contact change as v3-signed (and v1-signed) events in HubSpot’s shape', async () => {
    const { standIn, receiver } = await portalDeliveringTo();
    const contact = standIn.createContact(
      { email: 'ada@example.com', lifecyclestage: 'lead' },
      { changeSource: 'FORM' },
    );
    await standIn.whenWebhooksDelivered();
    standIn.updateContact(
      contact.id,
      { lifecyclestage: 'marketingqualifiedlead' },
      { changeSource: 'CRM_UI', sourceId: 'userId:42' },
    );
    await standIn.whenWebhooksDelivered();

    expect(receiver.deliveries).toHaveLength(2);
    for (const delivery of receiver.deliveries) {
      expectSignedV3(delivery, receiver.url);
      const v1 = {
        signatureVersion: 'v1',
        signature: String(delivery.headers['x-hubspot-signature']),
        clientSecret: APP.clientSecret,
        requestBody: delivery.rawBody,
      };
      expect(Signature.isValid(v1)).toBe(true);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    const [creation, email, stage] = receiver.deliveries[0]?.events ?? [];
    const common = {
      portalId: APP.portalId,
      appId: APP.appId,
      objectId: Number(contact.id),
      attemptNumber: 0,
    };
    expect(creation).toEqual({
      ...common,
      eventId: expect.any(Number),
      subscriptionId: expect.any(Number),
      occurredAt: contact.createdAt,
      subscriptionType: 'contact.creation',
      changeSource: 'FORM',
      changeFlag: 'NEW',
    });
    expect(email).toMatchObject({
      subscriptionType: 'contact.propertyChange',
      propertyName: 'email',
      propertyValue: 'ada@example.com',
    });
    expect(stage).toMatchObject({ propertyName: 'lifecyclestage', propertyValue: 'lead' });
    expect(receiver.deliveries[1]?.events).toEqual([
      {
        ...common,
        eventId: expect.any(Number),
        subscriptionId: stage?.subscriptionId,
        occurredAt: standIn.contact(contact.id)?.updatedAt,
        subscriptionType: 'contact.propertyChange',
        propertyName: 'lifecyclestage',
        propertyValue: 'marketingqualifiedlead',
        changeSource: 'CRM_UI',
        sourceId: 'userId:42',
      },
    ]);
  });

  it('batches at most 100 events per request and delivers every event once', async () => {
    const { standIn, receiver } = await portalDeliveringTo();
    for (let i = 0; i < 250; i += 1) standIn.createContact({ email: `lead${i}@example.com` });
    await standIn.whenWebhooksDelivered();
    const sizes = receiver.deliveries.map((delivery) => delivery.events.length);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(500);
    expect(new Set(receiver.events().map((event) => event.eventId)).size).toBe(500);
    expect(standIn.webhookStats()).toMatchObject({
      eventsEmitted: 500,
      eventsDelivered: 500,
      failedAttempts: 0,
    });
  });

  it('marks Baton’s own writes INTEGRATION with the app id, and sends nothing for unchanged values', async () => {
    const { standIn, receiver } = await portalDeliveringTo();
    const contact = standIn.createContact({ email: 'ada@example.com', jobtitle: 'CEO' });
    const { accessToken } = await installApp(standIn);
    await standIn.whenWebhooksDelivered();
    receiver.deliveries.length = 0;
    const write = { inputs: [{ id: contact.id, properties: { jobtitle: 'CEO', numberofemployees: '250' } }] };
    expect(
      (await callApi(standIn, accessToken, 'POST', '/crm/v3/objects/contacts/batch/update', write)).status,
    ).toBe(200);
    await callApi(standIn, accessToken, 'POST', '/crm/v3/objects/contacts/batch/update', write);
    await standIn.whenWebhooksDelivered();
    expect(receiver.events()).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.propertyChange',
        propertyName: 'numberofemployees',
        propertyValue: '250',
        changeSource: 'INTEGRATION',
        sourceId: String(APP.appId),
      }),
    ]);
  });

  it('retries a refused delivery with the next attemptNumber, re-signed, and gives up after the last attempt', async () => {
    const { standIn, receiver } = await portalDeliveringTo((index) => (index < 2 ? 500 : 204), {
      webhookRetry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    standIn.createContact({ email: 'ada@example.com' });
    await standIn.whenWebhooksDelivered();
    expect(receiver.deliveries.map((delivery) => delivery.events[0]?.attemptNumber)).toEqual([0, 1, 2]);
    for (const delivery of receiver.deliveries) expectSignedV3(delivery, receiver.url);
    const eventIds = receiver.deliveries.map((delivery) => delivery.events.map((event) => event.eventId));
    expect(new Set(eventIds.map(String)).size).toBe(1);
    expect(standIn.webhookStats()).toMatchObject({
      failedAttempts: 2,
      batchesDelivered: 1,
      abandonedBatches: 0,
    });

    await receiver.close();
    standIn.updateContact(standIn.contacts()[0]?.id ?? '', { jobtitle: 'Engineer' });
    await standIn.whenWebhooksDelivered();
    expect(standIn.webhookStats()).toMatchObject({ abandonedBatches: 1, failedAttempts: 2 + 6 });
  });

  it('can deliver duplicates and out of order, as HubSpot may, without losing an event', async () => {
    const { standIn, receiver } = await portalDeliveringTo(undefined, {
      duplicateDeliveries: { probability: 0.5, maxDelayMs: 30 },
      webhookFlushMs: 5,
      seed: 7,
    });
    for (let i = 0; i < 40; i += 1) {
      standIn.createContact({ email: `lead${i}@example.com` });
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    await standIn.whenWebhooksDelivered();
    const ids = receiver.events().map((event) => event.eventId);
    expect(new Set(ids).size).toBe(80);
    expect(ids.length).toBeGreaterThan(80);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    expect(standIn.webhookStats().duplicatesSent).toBeGreaterThan(0);
  });

  it('describes merges, deletions and privacy deletions, and sends times as epoch milliseconds', async () => {
    const { standIn, receiver } = await portalDeliveringTo();
    const primary = standIn.createContact({ email: 'ada@work.example', firstname: 'Ada' });
    const duplicate = standIn.createContact({
      email: 'ada@mail.example',
      jobtitle: 'CEO',
      country: 'Germany',
    });
    const spam = standIn.createContact({ email: 'spam@example.com' });
    await standIn.whenWebhooksDelivered();
    receiver.deliveries.length = 0;
    standIn.mergeContacts(primary.id, duplicate.id);
    standIn.deleteContact(spam.id);
    standIn.privacyDeleteContact(primary.id);
    await standIn.whenWebhooksDelivered();
    expect(receiver.events()).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.merge',
        objectId: Number(primary.id),
        primaryObjectId: Number(primary.id),
        mergedObjectIds: [Number(duplicate.id)],
        numberOfPropertiesMoved: 2,
      }),
      expect.objectContaining({ subscriptionType: 'contact.deletion', objectId: Number(spam.id) }),
      expect.objectContaining({ subscriptionType: 'contact.privacyDeletion', objectId: Number(primary.id) }),
    ]);
    expect(standIn.contacts()).toEqual([]);

    receiver.deliveries.length = 0;
    const dated = standIn.createContact({
      email: 'bo@example.com',
      first_conversion_date: '2026-03-02T09:00:00Z',
    });
    await standIn.whenWebhooksDelivered();
    expect(receiver.events().find((e) => e.propertyName === 'first_conversion_date')?.propertyValue).toBe(
      '1772442000000',
    );
    expect(standIn.contact(dated.id)?.properties.first_conversion_date).toBe('2026-03-02T09:00:00.000Z');
  });

  it('drops events while no target is set, and only ever delivers to this machine', async () => {
    standIn = await startStandIn();
    standIn.createContact({ email: 'ada@example.com' });
    expect(standIn.webhookStats()).toMatchObject({
      eventsEmitted: 2,
      eventsWithoutTarget: 2,
      requestsSent: 0,
    });
    expect(() => standIn?.setWebhookTarget('https://baton.example.com/webhooks/hubspot')).toThrow(/loopback/);
    receiver = await startWebhookReceiver();
    standIn.setWebhookTarget(receiver.url);
    standIn.createContact({ email: 'ben@example.com' });
    await standIn.whenWebhooksDelivered();
    expect(receiver.events()).toHaveLength(2);
  });
});
