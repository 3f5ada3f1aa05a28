import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import {
  OUTBOUND_MESSAGE_ACK,
  soapClientFault,
} from '../../../../src/crm/salesforce/intake/outbound-message-replies.ts';

/** Each element as `{namespace}name`, with the text it holds, in document order. */
function elementsOf(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const seen: string[] = [];
  parser.on('opentag', (tag) => seen.push(`{${tag.uri}}${tag.local}`));
  parser.on('text', (text) => seen.push(text));
  parser.write(xml).close();
  return seen;
}

describe('Outbound Message replies', () => {
  it('acknowledges with notificationsResponse/Ack true in the outbound namespace', () => {
    expect(OUTBOUND_MESSAGE_ACK.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(elementsOf(OUTBOUND_MESSAGE_ACK)).toEqual([
      '{http://schemas.xmlsoap.org/soap/envelope/}Envelope',
      '{http://schemas.xmlsoap.org/soap/envelope/}Body',
      '{http://soap.sforce.com/2005/09/outbound}notificationsResponse',
      '{http://soap.sforce.com/2005/09/outbound}Ack',
      'true',
    ]);
  });

  it('faults as a SOAP 1.1 Client fault, its message escaped so the fault stays well-formed', () => {
    const message = 'notifications is in namespace "urn:a&b<c>", expected …';
    expect(elementsOf(soapClientFault(message))).toEqual([
      '{http://schemas.xmlsoap.org/soap/envelope/}Envelope',
      '{http://schemas.xmlsoap.org/soap/envelope/}Body',
      '{http://schemas.xmlsoap.org/soap/envelope/}Fault',
      '{}faultcode',
      'soapenv:Client',
      '{}faultstring',
      message,
    ]);
  });
});
