/** Outbound Messaging's SOAP namespace, and the one the sObject fields travel in. */
export const OUTBOUND_NAMESPACE = 'http://soap.sforce.com/2005/09/outbound';
export const SOBJECT_NAMESPACE = 'urn:sobject.enterprise.soap.sforce.com';

/** At most 100 notifications travel in one message. */
export const MAX_NOTIFICATIONS_PER_MESSAGE = 100;

export interface OutboundNotification {
  /** `04l…`: the same on every retry of this notification; what the listener dedupes on. */
  readonly id: string;
  readonly objectType: string;
  /** Field name → value as SOAP writes it; `Id` first. Nulls are left out, as Salesforce does. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface EnvelopeHeader {
  readonly organizationId: string;
  readonly actionId: string;
  /** Sent only when the Outbound Message is set to send a session id; nil otherwise. */
  readonly sessionId: string | null;
  readonly enterpriseUrl: string;
  readonly partnerUrl: string;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
  );
}

/** The SOAP 1.1 `notifications` request Salesforce POSTs to an Outbound Message's endpoint. */
export function notificationsEnvelope(
  header: EnvelopeHeader,
  notifications: readonly OutboundNotification[],
): string {
  if (notifications.length === 0 || notifications.length > MAX_NOTIFICATIONS_PER_MESSAGE) {
    throw new RangeError(
      `An Outbound Message carries 1 to ${MAX_NOTIFICATIONS_PER_MESSAGE} notifications, not ${notifications.length}.`,
    );
  }
  const body = notifications
    .map((notification) => {
      const fields = notification.fields
        .map(([name, value]) => `\n     <sf:${name}>${escapeXml(value)}</sf:${name}>`)
        .join('');
      return [
        '\n   <Notification>',
        `\n    <Id>${escapeXml(notification.id)}</Id>`,
        `\n    <sObject xsi:type="sf:${notification.objectType}" xmlns:sf="${SOBJECT_NAMESPACE}">${fields}`,
        '\n    </sObject>',
        '\n   </Notification>',
      ].join('');
    })
    .join('');
  const session =
    header.sessionId === null
      ? '<SessionId xsi:nil="true"/>'
      : `<SessionId>${escapeXml(header.sessionId)}</SessionId>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '\n <soapenv:Body>',
    `\n  <notifications xmlns="${OUTBOUND_NAMESPACE}">`,
    `\n   <OrganizationId>${escapeXml(header.organizationId)}</OrganizationId>`,
    `\n   <ActionId>${escapeXml(header.actionId)}</ActionId>`,
    `\n   ${session}`,
    `\n   <EnterpriseUrl>${escapeXml(header.enterpriseUrl)}</EnterpriseUrl>`,
    `\n   <PartnerUrl>${escapeXml(header.partnerUrl)}</PartnerUrl>`,
    body,
    '\n  </notifications>',
    '\n </soapenv:Body>',
    '\n</soapenv:Envelope>\n',
  ].join('');
}

/** A delivery counts only when the listener answers 200 with an `Ack` of true (in any namespace prefix). */
export function isAcknowledged(status: number, body: string): boolean {
  return status === 200 && /<(?:[\w.-]+:)?Ack>\s*true\s*<\/(?:[\w.-]+:)?Ack>/.test(body);
}
