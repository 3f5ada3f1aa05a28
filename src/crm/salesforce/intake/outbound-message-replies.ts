import { OUTBOUND_MESSAGE_NS, SOAP_ENVELOPE_NS } from './outbound-message-namespaces.ts';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * The acknowledgement Salesforce waits for: `notificationsResponse` with `Ack` true acknowledges
 * every notification of the message, and anything else is retried for 24 h.
 */
export const OUTBOUND_MESSAGE_ACK =
  `${DECLARATION}<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}"><soapenv:Body>` +
  `<notificationsResponse xmlns="${OUTBOUND_MESSAGE_NS}"><Ack>true</Ack></notificationsResponse>` +
  '</soapenv:Body></soapenv:Envelope>';

/**
 * A SOAP 1.1 Client Fault: the message is refused for something its sender must fix. Salesforce
 * shows the fault string in the org's Outbound Message delivery status, so it says what is wrong
 * in words an admin can act on.
 */
export function soapClientFault(faultString: string): string {
  return (
    `${DECLARATION}<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:Client</faultcode><faultstring>${escapeXmlText(faultString)}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

/**
 * Fault strings quote names and namespaces from the body, which the parser read as XML 1.0: they
 * hold no character XML 1.0 cannot carry, so escaping markup is enough.
 */
function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}
