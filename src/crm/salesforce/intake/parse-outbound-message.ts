import { SaxesParser, type XMLDecl } from 'saxes';
import { InputInvalidError } from '../../../errors.ts';
import {
  notOutboundMessage,
  OUTBOUND_MESSAGE_LIMITS,
  type OutboundMessage,
  type OutboundMessageLimits,
  shown,
} from './outbound-message.ts';
import { OutboundMessageReader } from './outbound-message-reader.ts';

export type { OutboundMessage, OutboundMessageLimits, OutboundNotification } from './outbound-message.ts';
export { OUTBOUND_MESSAGE_LIMITS } from './outbound-message.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a Salesforce Outbound Message (SOAP 1.1) into the ids it carries, refusing anything that
 * is not one with an `InputInvalidError` that says what is wrong. The body is unsigned, so it is
 * taken as a notification only: of each sObject just its type and `sf:Id`, never its fields, and
 * never the SessionId. Salesforce never sends a DOCTYPE, so any DTD is refused before its
 * declarations could matter: only the five predefined entities and character references decode.
 * saxes streams, so depth and size are checked as elements open, before anything is built.
 */
export function parseOutboundMessage(
  body: string | Uint8Array,
  limits: OutboundMessageLimits = OUTBOUND_MESSAGE_LIMITS,
): OutboundMessage {
  const xml = typeof body === 'string' ? body : decodeUtf8(body);
  if (xml.trim() === '') throw notOutboundMessage('the body is empty');
  // XML 1.0 whatever the declaration says: 1.1 would let character references bring in control characters.
  const parser = new SaxesParser({ xmlns: true, forceXMLVersion: true, defaultXMLVersion: '1.0' });
  const reader = new OutboundMessageReader(limits, (prefix) => parser.resolve(prefix));
  parser.on('xmldecl', refuseForeignEncoding);
  parser.on('doctype', () => {
    throw notOutboundMessage('it has a DOCTYPE, which Salesforce never sends and Baton refuses');
  });
  parser.on('opentag', (tag) => reader.open(tag));
  parser.on('closetag', () => reader.close());
  parser.on('text', (text) => reader.text(text));
  parser.on('cdata', (text) => reader.text(text));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof InputInvalidError) throw error;
    throw new InputInvalidError(`the body is not well-formed XML: ${(error as Error).message}`);
  }
  return reader.result();
}

function refuseForeignEncoding(decl: XMLDecl): void {
  if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8') {
    throw new InputInvalidError(
      `the body declares encoding "${shown(decl.encoding)}"; Outbound Messages are UTF-8`,
    );
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputInvalidError('the body is not UTF-8 text');
  }
}
