import { describe, expect, it } from 'vitest';
import {
  OUTBOUND_MESSAGE_LIMITS,
  parseOutboundMessage,
} from '../../../../src/crm/salesforce/intake/parse-outbound-message.ts';
import { InputInvalidError } from '../../../../src/errors.ts';
import {
  FIXTURE_ACTION_ID,
  FIXTURE_LEAD_ID,
  FIXTURE_NOTIFICATION_ID,
  FIXTURE_ORG_ID,
  FIXTURE_SESSION_ID,
  leadNotifications,
  outboundMessage,
  readFixture,
} from '../../../fixtures/salesforce/outbound-messages.ts';

const single = readFixture('outbound-message-single-lead');

/** The single-Lead fixture with one piece of it replaced; the replaced text must be there. */
function edited(from: string | RegExp, to: string, xml = single): string {
  const result = xml.replace(from, to);
  if (result === xml) throw new Error(`the fixture has no ${String(from)}`);
  return result;
}

function refusal(body: string | Uint8Array, limits = OUTBOUND_MESSAGE_LIMITS): InputInvalidError {
  try {
    parseOutboundMessage(body, limits);
  } catch (error) {
    if (error instanceof InputInvalidError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('parseOutboundMessage', () => {
  describe('reads what Salesforce sends', () => {
    it('takes the org, the action and each notification’s id, sObject type and record id, nothing else', () => {
      expect(parseOutboundMessage(single)).toEqual({
        organizationId: FIXTURE_ORG_ID,
        actionId: FIXTURE_ACTION_ID,
        notifications: [{ id: FIXTURE_NOTIFICATION_ID, objectType: 'Lead', recordId: FIXTURE_LEAD_ID }],
      });
    });

    it('never carries the SessionId, even into an error about the envelope it came in', () => {
      expect(JSON.stringify(parseOutboundMessage(single))).not.toContain('AQ4AQ');
      const missingAction = edited(/<ActionId>.*<\/ActionId>/, '');
      expect(refusal(missingAction).message).not.toContain(FIXTURE_SESSION_ID);
      const sessionAsOrg = edited(FIXTURE_ORG_ID, FIXTURE_SESSION_ID);
      expect(refusal(sessionAsOrg).message).toBe(
        'the body is not an Outbound Message: OrganizationId is not a Salesforce organization id',
      );
    });

    it('normalises 15-character ids to the 18-character form', () => {
      const short = outboundMessage({
        organizationId: '00D5g00000AbCdE',
        actionId: '04k5g000000KzQh',
        notifications: [{ id: '04l5g00000XyZ1a', recordId: '00Q5g00000LmNoP' }],
      });
      expect(parseOutboundMessage(short)).toEqual(parseOutboundMessage(single));
    });

    it('reads the generated template exactly as the committed fixture', () => {
      const generated = outboundMessage({
        notifications: [{ id: FIXTURE_NOTIFICATION_ID, recordId: FIXTURE_LEAD_ID }],
      });
      expect(parseOutboundMessage(generated)).toEqual(parseOutboundMessage(single));
    });

    it('reads 100 notifications in the order sent', () => {
      const notifications = leadNotifications(100);
      const parsed = parseOutboundMessage(outboundMessage({ notifications }));
      expect(parsed.notifications).toEqual(
        notifications.map((n) => ({ id: n.id, objectType: 'Lead', recordId: n.recordId })),
      );
    });

    it('reports the type of a sObject that is not a Lead, for the caller to decide', () => {
      expect(parseOutboundMessage(readFixture('outbound-message-contact')).notifications).toEqual([
        { id: '04l5g00000XyZ3cAAF', objectType: 'Contact', recordId: '003Dn00000QrStUIAV' },
      ]);
    });

    it('resolves the xsi:type prefix by its namespace, whatever the prefix is called', () => {
      const renamed = single
        .replace('xsi:type="sf:Lead" xmlns:sf=', 'xsi:type="ens:Lead" xmlns:ens=')
        .replace(/sf:Id>/g, 'ens:Id>')
        .replace(/<(\/?)sf:/g, '<$1ens:');
      expect(parseOutboundMessage(renamed).notifications[0]).toEqual({
        id: FIXTURE_NOTIFICATION_ID,
        objectType: 'Lead',
        recordId: FIXTURE_LEAD_ID,
      });
    });

    it('decodes the predefined entities, character references and CDATA, and skips a SOAP Header and comments', () => {
      const encoded = edited(
        `<OrganizationId>${FIXTURE_ORG_ID}</OrganizationId>`,
        '<!-- org --><OrganizationId>&#48;&#x30;D5g00000AbCdEEAV</OrganizationId>',
        edited(
          `<Id>${FIXTURE_NOTIFICATION_ID}</Id>`,
          `<Id><![CDATA[${FIXTURE_NOTIFICATION_ID}]]></Id>`,
          edited(
            ' <soapenv:Body>',
            ' <soapenv:Header><x:Trace xmlns:x="urn:trace">a</x:Trace></soapenv:Header>\n <soapenv:Body>',
          ),
        ),
      );
      expect(parseOutboundMessage(encoded)).toEqual(parseOutboundMessage(single));
    });

    it('reads UTF-8 bytes, with or without a byte order mark', () => {
      const bytes = Buffer.from(single, 'utf8');
      expect(parseOutboundMessage(bytes)).toEqual(parseOutboundMessage(single));
      expect(parseOutboundMessage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toEqual(
        parseOutboundMessage(single),
      );
    });
  });

  describe('refuses DTDs: nothing is ever expanded', () => {
    it.each([
      ['billion laughs', readFixture('billion-laughs')],
      ['an external entity', readFixture('xxe-external-entity')],
      ['a bare DOCTYPE', edited('<soapenv:Envelope', '<!DOCTYPE soapenv:Envelope>\n<soapenv:Envelope')],
    ])('%s', (_name, body) => {
      const started = performance.now();
      expect(refusal(body).message).toBe(
        'the body is not an Outbound Message: it has a DOCTYPE, which Salesforce never sends and Baton refuses',
      );
      expect(performance.now() - started).toBeLessThan(100);
    });

    it('refuses an entity nobody declared', () => {
      expect(refusal(edited('Smith &amp; Daughters', 'Smith &xxe; Daughters')).message).toMatch(
        /^the body is not well-formed XML: .*undefined entity/,
      );
    });
  });

  describe('refuses what is not an Outbound Message, saying what is wrong', () => {
    const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
    it.each([
      ['an empty body', '', 'the body is not an Outbound Message: the body is empty'],
      ['a blank body', ' \n ', 'the body is not an Outbound Message: the body is empty'],
      [
        'notifications in another namespace',
        readFixture('wrong-namespace'),
        'the body is not an Outbound Message: notifications is in namespace "http://soap.sforce.com/2006/04/metadata", expected "http://soap.sforce.com/2005/09/outbound"',
      ],
      [
        'a SOAP 1.2 envelope',
        single.replace(ENVELOPE_NS, 'http://www.w3.org/2003/05/soap-envelope'),
        `the body is not a SOAP 1.1 envelope: its root element is Envelope in namespace "http://www.w3.org/2003/05/soap-envelope", expected Envelope in "${ENVELOPE_NS}"`,
      ],
      [
        'a bare notifications element',
        '<notifications xmlns="http://soap.sforce.com/2005/09/outbound"/>',
        `the body is not a SOAP 1.1 envelope: its root element is notifications in namespace "http://soap.sforce.com/2005/09/outbound", expected Envelope in "${ENVELOPE_NS}"`,
      ],
      [
        'no Body',
        `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}"/>`,
        'the body is not an Outbound Message: the SOAP envelope has no Body',
      ],
      [
        'a Body without notifications',
        `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}"><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>`,
        'the body is not an Outbound Message: the SOAP Body holds no notifications element',
      ],
      [
        'no OrganizationId',
        edited(/<OrganizationId>.*<\/OrganizationId>/, ''),
        'the body is not an Outbound Message: OrganizationId is missing',
      ],
      [
        'no ActionId',
        edited(/<ActionId>.*<\/ActionId>/, ''),
        'the body is not an Outbound Message: ActionId is missing',
      ],
      [
        'an OrganizationId that is not an org’s',
        edited(FIXTURE_ORG_ID, FIXTURE_LEAD_ID),
        'the body is not an Outbound Message: OrganizationId is not a Salesforce organization id',
      ],
      [
        'an ActionId that is not an id',
        edited(FIXTURE_ACTION_ID, '04k-not-an-id'),
        'the body is not an Outbound Message: ActionId is not a Salesforce id',
      ],
      [
        'two OrganizationIds',
        edited('<ActionId>', `<OrganizationId>${FIXTURE_ORG_ID}</OrganizationId><ActionId>`),
        'the body is not an Outbound Message: it has more than one OrganizationId',
      ],
      [
        'an element inside OrganizationId',
        edited(`<OrganizationId>${FIXTURE_ORG_ID}`, `<OrganizationId><b>${FIXTURE_ORG_ID}</b>`),
        'the body is not an Outbound Message: OrganizationId holds an element where an id belongs',
      ],
      [
        'an id far too long',
        edited(FIXTURE_NOTIFICATION_ID, FIXTURE_NOTIFICATION_ID.repeat(50)),
        'the body is not an Outbound Message: Notification 1 has an Id that is not a Salesforce id',
      ],
      [
        'no Notification',
        edited(/<Notification>[\s\S]*<\/Notification>/, ''),
        'the body is not an Outbound Message: it holds no Notification',
      ],
      [
        'a Notification without Id',
        edited(/<Id>.*<\/Id>/, ''),
        'the body is not an Outbound Message: Notification 1 has no Id',
      ],
      [
        'a Notification without sObject',
        edited(/<sObject[\s\S]*<\/sObject>/, ''),
        'the body is not an Outbound Message: Notification 1 has no sObject',
      ],
      [
        'an sObject without sf:Id',
        edited(/<sf:Id>.*<\/sf:Id>/, ''),
        "the body is not an Outbound Message: Notification 1's sObject has no sf:Id",
      ],
      [
        'an sObject without xsi:type',
        edited(' xsi:type="sf:Lead"', ''),
        "the body is not an Outbound Message: Notification 1's sObject has no xsi:type",
      ],
      [
        'an sObject type of another namespace',
        edited(
          'xmlns:sf="urn:sobject.enterprise.soap.sforce.com"',
          'xmlns:sf="urn:sobject.partner.soap.sforce.com"',
        ),
        `the body is not an Outbound Message: Notification 1's sObject has xsi:type "sf:Lead", which is not an sObject type of "urn:sobject.enterprise.soap.sforce.com"`,
      ],
      [
        'a second notification missing its record id',
        outboundMessage({ notifications: leadNotifications(2) }).replace(
          /(<Notification>[\s\S]*?<\/Notification>[\s\S]*?)<sf:Id>.*?<\/sf:Id>/,
          '$1',
        ),
        "the body is not an Outbound Message: Notification 2's sObject has no sf:Id",
      ],
      [
        'two Bodies',
        edited('</soapenv:Body>', '</soapenv:Body><soapenv:Body/>'),
        'the body is not an Outbound Message: the SOAP envelope has more than one Body',
      ],
      [
        'two sObjects in a Notification',
        edited('</sObject>', '</sObject><sObject/>'),
        'the body is not an Outbound Message: Notification 1 has more than one sObject',
      ],
      [
        'two sf:Ids in an sObject',
        edited('<sf:Company>', `<sf:Id>${FIXTURE_LEAD_ID}</sf:Id><sf:Company>`),
        "the body is not an Outbound Message: Notification 1's sObject has more than one sf:Id",
      ],
      [
        'an sf:Id that is not an id',
        edited(`<sf:Id>${FIXTURE_LEAD_ID}`, '<sf:Id>00Q5g00000LmNo'),
        "the body is not an Outbound Message: Notification 1's sObject has an sf:Id that is not a Salesforce id",
      ],
      [
        'a declared encoding other than UTF-8',
        edited('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
        'the body declares encoding "ISO-8859-1"; Outbound Messages are UTF-8',
      ],
    ])('%s', (_name, body, message) => {
      expect(refusal(body).message).toBe(message);
    });

    it('refuses more than 100 notifications', () => {
      expect(refusal(outboundMessage({ notifications: leadNotifications(101) })).message).toBe(
        'the body is not an Outbound Message: it holds more than 100 Notifications',
      );
    });

    it('refuses malformed XML with the parser’s position and reason', () => {
      expect(refusal(readFixture('malformed')).message).toBe(
        'the body is not well-formed XML: 11:19: unexpected close tag.',
      );
      expect(refusal(single.slice(0, single.length / 2)).message).toMatch(
        /^the body is not well-formed XML: /,
      );
    });

    it('refuses bytes that are not UTF-8', () => {
      const bytes = Buffer.from(single.replace('Okafor', 'Ok\u00e4for'), 'latin1');
      expect(refusal(bytes).message).toBe('the body is not UTF-8 text');
    });

    it('refuses XML 1.1 control characters even when the declaration asks for 1.1', () => {
      const xml11 = edited('version="1.0"', 'version="1.1"', edited('Okafor', 'Ok&#x1;for'));
      expect(refusal(xml11).message).toMatch(/^the body is not well-formed XML: /);
    });
  });

  describe('limits', () => {
    const nested = (levels: number) =>
      edited('<sf:LastName>Okafor</sf:LastName>', `${'<sf:a>'.repeat(levels)}x${'</sf:a>'.repeat(levels)}`);

    it('refuses elements nested deeper than 16 levels, and accepts 16', () => {
      // The sObject's fields are six levels deep: ten more levels make 16.
      expect(parseOutboundMessage(nested(11)).notifications).toHaveLength(1);
      expect(refusal(nested(12)).message).toBe('the body nests elements deeper than 16 levels');
    });

    it('refuses more elements than the limit', () => {
      const limits = { ...OUTBOUND_MESSAGE_LIMITS, maxElements: 30 };
      expect(parseOutboundMessage(single, limits).notifications).toHaveLength(1);
      const wide = edited('<sf:LastName>', `${'<sf:x/>'.repeat(30)}<sf:LastName>`);
      expect(refusal(wide, limits).message).toBe('the body has more than 30 elements');
    });

    it('refuses more text than the limit', () => {
      const limits = { ...OUTBOUND_MESSAGE_LIMITS, maxTextChars: 2_000 };
      expect(parseOutboundMessage(single, limits).notifications).toHaveLength(1);
      expect(refusal(edited('Okafor', 'O'.repeat(2_000)), limits).message).toBe(
        'the body has more than 2000 characters of text',
      );
    });

    it('refuses 1 MB of nesting quickly, without exhausting the stack', () => {
      const deep = `${'<a>'.repeat(250_000)}${'</a>'.repeat(250_000)}`;
      const started = performance.now();
      expect(refusal(deep).message).toMatch(/^the body is not a SOAP 1.1 envelope/);
      const deepInside = edited('<sf:LastName>Okafor</sf:LastName>', '<sf:a>'.repeat(100_000));
      expect(refusal(deepInside).message).toBe('the body nests elements deeper than 16 levels');
      expect(performance.now() - started).toBeLessThan(500);
    });
  });
});
