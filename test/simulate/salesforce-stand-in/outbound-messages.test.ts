import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandInOptions } from '../../../src/simulate/salesforce-stand-in/stand-in-options.ts';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { ACK_ENVELOPE, child, install, parseXml, rest, startListener, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
let listener: Awaited<ReturnType<typeof startListener>> | undefined;
afterEach(async () => {
  await org?.close();
  await listener?.close();
  org = undefined;
  listener = undefined;
});

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

async function orgDeliveringTo(
  answer?: Parameters<typeof startListener>[0],
  outbound: NonNullable<SalesforceStandInOptions['outbound']> = {},
  overrides: Partial<SalesforceStandInOptions> = {},
) {
  listener = await startListener(answer);
  org = await startOrg({
    ...overrides,
    outbound: { targetUrl: listener.url, flushMs: 5, retry: FAST_RETRY, ...outbound },
  });
  return { org, listener };
}

describe('Salesforce stand-in Outbound Messages', () => {
  it("POSTs Salesforce's SOAP 1.1 notifications envelope for a created Lead", async () => {
    const { org, listener } = await orgDeliveringTo();
    org.setRecordClock(() => new Date(Date.UTC(2026, 2, 4, 5, 6, 7)));
    const lead = org.createLead({
      LastName: 'Lovelace',
      Company: 'A & B <Ltd>',
      LeadSource: 'Web',
      Rating: 'Hot',
    });
    await org.whenOutboundMessagesDelivered();
    expect(listener.messages).toHaveLength(1);
    const [message] = listener.messages;
    expect(message?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(message?.headers.soapaction).toBe('""');

    const envelope = parseXml(message?.body ?? '');
    expect([envelope.name, envelope.uri]).toEqual(['Envelope', 'http://schemas.xmlsoap.org/soap/envelope/']);
    const notifications = child(child(envelope, 'Body'), 'notifications');
    expect(notifications.uri).toBe('http://soap.sforce.com/2005/09/outbound');
    expect(notifications.children.map((element) => element.name)).toEqual([
      'OrganizationId',
      'ActionId',
      'SessionId',
      'EnterpriseUrl',
      'PartnerUrl',
      'Notification',
    ]);
    expect(child(notifications, 'OrganizationId').text).toBe(org.orgId);
    expect(child(notifications, 'ActionId').text).toMatch(/^04k[A-Za-z0-9]{15}$/);
    expect(child(notifications, 'SessionId').attributes['xsi:nil']).toBe('true');
    expect(child(notifications, 'EnterpriseUrl').text).toBe(
      `${org.instanceUrl}/services/Soap/c/66.0/${org.orgId.slice(0, 15)}`,
    );
    expect(child(notifications, 'PartnerUrl').text).toBe(
      `${org.instanceUrl}/services/Soap/u/66.0/${org.orgId.slice(0, 15)}`,
    );
    const notification = child(notifications, 'Notification');
    expect(child(notification, 'Id').text).toMatch(/^04l[A-Za-z0-9]{15}$/);
    const sObject = child(notification, 'sObject');
    expect(sObject.attributes['xsi:type']).toBe('sf:Lead');
    expect(sObject.children.every((field) => field.uri === 'urn:sobject.enterprise.soap.sforce.com')).toBe(
      true,
    );
    expect(Object.fromEntries(sObject.children.map((field) => [field.name, field.text]))).toEqual({
      Id: lead.Id,
      Status: 'Open - Not Contacted',
      OwnerId: org.adminUserId,
      LeadSource: 'Web',
      IsConverted: 'false',
      Rating: 'Hot',
      LastModifiedById: org.adminUserId,
      SystemModstamp: '2026-03-04T05:06:07.000Z',
    });
    expect(org.outboundStats()).toMatchObject({
      notificationsQueued: 1,
      messagesSent: 1,
      messagesAcknowledged: 1,
      notificationsAcknowledged: 1,
    });
  });

  it('notifies on a watched field change, including the LWC disposition write, and not on other fields', async () => {
    const { org, listener } = await orgDeliveringTo();
    const lead = org.createLead({ LastName: 'Watch', Company: 'Co' });
    await org.whenOutboundMessagesDelivered();
    const { accessToken } = await install(org);
    await rest(org, accessToken, 'PATCH', 'composite/sobjects', {
      records: [{ attributes: { type: 'Lead' }, id: lead.Id, baton__Stage__c: 'MQL', baton__Score__c: 72 }],
    });
    org.updateLead(String(lead.Id), { Title: 'CTO' });
    await org.whenOutboundMessagesDelivered();
    expect(listener.notifications()).toHaveLength(1);

    org.updateLead(String(lead.Id), { Status: 'Working - Contacted' });
    org.updateLead(String(lead.Id), { baton__Disposition__c: 'Accepted' });
    org.convertLead(String(lead.Id));
    await org.whenOutboundMessagesDelivered();
    const later = listener.notifications().slice(1);
    expect(later.map((notification) => notification.fields.Status)).toEqual([
      'Working - Contacted',
      'Working - Contacted',
      'Closed - Converted',
    ]);
    expect(later.map((notification) => notification.fields.baton__Disposition__c)).toEqual([
      undefined,
      'Accepted',
      'Accepted',
    ]);
    expect(later.at(-1)?.fields.IsConverted).toBe('true');
    expect(new Set(listener.notifications().map((notification) => notification.id)).size).toBe(4);
  });

  it('retries until the listener answers 200 with <Ack>true</Ack>, with the same notification ids', async () => {
    const answers = [
      { status: 500, body: '<soapenv:Fault/>' },
      { status: 200, body: '<Ack>false</Ack>' },
      { status: 200, body: 'ok' },
      { status: 200, body: ACK_ENVELOPE },
    ];
    const { org, listener } = await orgDeliveringTo(
      (index) => answers[index] ?? answers[3] ?? { status: 500, body: '' },
    );
    org.createLead({ LastName: 'Retry', Company: 'Co' });
    org.createLead({ LastName: 'Retry 2', Company: 'Co' });
    await org.whenOutboundMessagesDelivered(5_000);
    expect(listener.messages).toHaveLength(4);
    const ids = listener.messages.map((message) =>
      message.notifications.map((notification) => notification.id).join(','),
    );
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]?.split(',')).toHaveLength(2);
    expect(org.outboundStats()).toMatchObject({
      messagesSent: 4,
      failedAttempts: 3,
      messagesAcknowledged: 1,
      notificationsAcknowledged: 2,
      abandonedMessages: 0,
    });
  });

  it('gives a message up after its attempts, and drops notifications while no endpoint is set', async () => {
    const { org, listener } = await orgDeliveringTo(() => ({ status: 503, body: '' }), {
      retry: { ...FAST_RETRY, maxAttempts: 3 },
    });
    org.createLead({ LastName: 'Lost', Company: 'Co' });
    await org.whenOutboundMessagesDelivered(5_000);
    expect(listener.messages).toHaveLength(3);
    expect(org.outboundStats()).toMatchObject({
      failedAttempts: 3,
      abandonedMessages: 1,
      messagesAcknowledged: 0,
    });
    org.setOutboundTarget(undefined);
    org.createLead({ LastName: 'Unsent', Company: 'Co' });
    await org.whenOutboundMessagesDelivered();
    expect(org.outboundStats()).toMatchObject({ notificationsQueued: 2, notificationsWithoutTarget: 1 });
    expect(() => org.setOutboundTarget('https://baton.example.com/webhooks/salesforce')).toThrow(
      /not loopback/,
    );
  });

  it('batches at most 100 notifications per message', async () => {
    const { org, listener } = await orgDeliveringTo(undefined, { flushMs: 1_000 });
    for (let index = 0; index < 250; index += 1) org.createLead({ LastName: `L${index}`, Company: 'Co' });
    await org.whenOutboundMessagesDelivered();
    expect(listener.messages.map((message) => message.notifications.length).sort((a, b) => b - a)).toEqual([
      100, 100, 50,
    ]);
    expect(new Set(listener.notifications().map((notification) => notification.id)).size).toBe(250);
  });

  it('sends duplicates and out-of-order messages when asked, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const { org, listener } = await orgDeliveringTo(
        undefined,
        {
          batchSize: 1,
          duplicates: { probability: 0.5, maxDelayMs: 20 },
          outOfOrder: { probability: 0.5, maxDelayMs: 40 },
        },
        { seed },
      );
      const created = Array.from({ length: 20 }, (_, index) =>
        String(org.createLead({ LastName: `L${index}`, Company: 'Co' }).Id),
      );
      await org.whenOutboundMessagesDelivered(5_000);
      const received = listener.notifications().map((notification) => notification.fields.Id ?? '');
      const stats = org.outboundStats();
      await org.close();
      await listener.close();
      return { created, received, stats };
    };
    const first = await run(7);
    expect(first.stats.duplicatesSent).toBeGreaterThan(0);
    expect(first.received.length).toBe(20 + first.stats.duplicatesSent);
    expect(new Set(first.received)).toEqual(new Set(first.created));
    expect(first.received.slice(0, 20)).not.toEqual(first.created);
    expect(first.stats.notificationsAcknowledged).toBe(20);
    const again = await run(7);
    expect(again.stats.duplicatesSent).toBe(first.stats.duplicatesSent);
    org = undefined;
    listener = undefined;
  });
});
