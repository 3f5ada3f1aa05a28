import { describe, expect, it } from 'vitest';
import { classifyHubSpotEvents } from '../../../../src/crm/hubspot/sync/classify-hubspot-events.ts';
import { confirmRemovals } from '../../../../src/crm/hubspot/sync/confirm-removals.ts';
import type { HubSpotRecord } from '../../../../src/crm/hubspot/sync/hubspot-records-port.ts';
import { hubSpotEvent as event } from './hubspot-event-builder.ts';

const live = (properties: Record<string, string> = {}): HubSpotRecord => ({ properties, updatedAt: 1 });

describe('confirmRemovals', () => {
  it.each(['contact.deletion', 'contact.privacyDeletion', 'object.deletion'])(
    'purges on %s only the contacts HubSpot no longer answers for',
    (type) => {
      const classified = classifyHubSpotEvents([
        event(type, '1', { objectTypeId: '0-1' }),
        event(type, '2', { objectTypeId: '0-1' }),
      ]);
      const removals = confirmRemovals(classified, new Map([['2', live()]]));
      expect(removals.purge).toEqual(['1']);
      expect(removals.unconfirmed).toEqual([
        { contactId: '2', claim: 'deletion', reason: 'HubSpot still answers for the contact' },
      ]);
    },
  );

  it('folds only the merged ids the survivor lists in hs_merged_object_ids', () => {
    const classified = classifyHubSpotEvents([
      event('contact.merge', '10', { primaryObjectId: '10', mergedObjectIds: ['11', '12'] }),
    ]);
    const read = new Map([['10', live({ hs_merged_object_ids: '9;11' })]]);
    const removals = confirmRemovals(classified, read);
    expect(removals.merges).toEqual([{ into: '10', from: ['11'] }]);
    expect(removals.unconfirmed).toEqual([
      { contactId: '12', claim: 'merge', reason: 'contact 10 does not list it as merged' },
    ]);
  });

  it('folds nothing when the survivor cannot be read', () => {
    const classified = classifyHubSpotEvents([
      event('contact.merge', '10', { primaryObjectId: '10', mergedObjectIds: ['11'] }),
    ]);
    const removals = confirmRemovals(classified, new Map());
    expect(removals.merges).toEqual([]);
    expect(removals.unconfirmed).toMatchObject([{ contactId: '11', claim: 'merge' }]);
  });
});
