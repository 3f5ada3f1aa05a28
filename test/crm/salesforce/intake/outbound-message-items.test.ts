import { describe, expect, it } from 'vitest';
import { outboundMessageItems } from '../../../../src/crm/salesforce/intake/outbound-message-items.ts';

const ORG = '00D5g00000AbCdEEAV';
const ACTION = '04k5g000000KzQhAAK';
const TENANT = '6f1c8a52-2d0e-4c7b-9a51-0b7f3c2e9d14';

describe('outboundMessageItems', () => {
  it('makes one inbox item per Lead notification, keyed by notification and by Lead, and names the types it drops', () => {
    const { items, ignoredTypes } = outboundMessageItems(
      {
        organizationId: ORG,
        actionId: ACTION,
        notifications: [
          { id: '04l5g00000XyZ1aAAF', objectType: 'Lead', recordId: '00Q5g00000LmNoPEAV' },
          { id: '04l5g00000XyZ3cAAF', objectType: 'Contact', recordId: '003Dn00000QrStUIAV' },
          { id: '04l5g00000XyZ2bAAF', objectType: 'Lead', recordId: '00Q5g00000LmNoPEAV' },
        ],
      },
      TENANT,
    );

    expect(items).toEqual(
      ['04l5g00000XyZ1aAAF', '04l5g00000XyZ2bAAF'].map((notificationId) => ({
        crm: 'salesforce',
        externalAccountId: ORG,
        tenantId: TENANT,
        dedupeKey: `om:${ORG}:${notificationId}`,
        recordKey: 'Lead:00Q5g00000LmNoPEAV',
        payload: { notificationId, actionId: ACTION, objectType: 'Lead', recordId: '00Q5g00000LmNoPEAV' },
      })),
    );
    expect(ignoredTypes).toEqual(['Contact']);
  });
});
