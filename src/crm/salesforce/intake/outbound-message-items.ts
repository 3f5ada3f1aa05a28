import type { InboxItem } from '../../../store/inbox-intake.ts';
import { LEAD, salesforceRecordKey } from '../salesforce-record-keys.ts';
import type { OutboundMessage } from './outbound-message.ts';

/**
 * What the inbox keeps of one notification (an event of a `SALESFORCE_EVENT` item): ids only,
 * never the sObject's fields or the SessionId. The worker re-reads the record with Baton's token.
 */
export interface SalesforceNotificationPayload {
  readonly notificationId: string;
  readonly actionId: string;
  readonly objectType: string;
  readonly recordId: string;
}

/**
 * The inbox items of an org's Outbound Message, one per Lead notification, deduped on the
 * notification id (Salesforce redelivers with the same id). One outbound message action serves
 * one object: notifications of objects Baton does not keep come back in `ignoredTypes`.
 */
export function outboundMessageItems(
  message: OutboundMessage,
  tenantId: string,
): { readonly items: InboxItem[]; readonly ignoredTypes: string[] } {
  const items: InboxItem[] = [];
  const ignoredTypes = new Set<string>();
  for (const notification of message.notifications) {
    if (notification.objectType !== LEAD) {
      ignoredTypes.add(notification.objectType);
      continue;
    }
    const payload: SalesforceNotificationPayload = {
      notificationId: notification.id,
      actionId: message.actionId,
      objectType: notification.objectType,
      recordId: notification.recordId,
    };
    items.push({
      crm: 'salesforce',
      externalAccountId: message.organizationId,
      tenantId,
      // Notification ids are an org's own: the org keeps two orgs' ids apart.
      dedupeKey: `om:${message.organizationId}:${notification.id}`,
      recordKey: salesforceRecordKey(notification),
      payload,
    });
  }
  return { items, ignoredTypes: [...ignoredTypes] };
}
