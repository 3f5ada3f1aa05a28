import { describe, expect, it } from 'vitest';
import { classifyHubSpotEvents } from '../../../../src/crm/hubspot/sync/classify-hubspot-events.ts';
import { hubSpotEvent as event } from './hubspot-event-builder.ts';

describe('classifyHubSpotEvents', () => {
  it.each([
    ['a created contact', [event('contact.creation', '1')], { refresh: ['1'] }],
    [
      'a property change',
      [event('contact.propertyChange', '1', { propertyName: 'lifecyclestage' })],
      { refresh: ['1'] },
    ],
    [
      'a generic contact event',
      [event('object.propertyChange', '1', { objectTypeId: '0-1' })],
      { refresh: ['1'] },
    ],
    [
      'a privacy deletion',
      [event('contact.propertyChange', '1'), event('contact.privacyDeletion', '1')],
      { refresh: [], purge: ['1'] },
    ],
    [
      'a privacy deletion followed by a late change',
      [event('contact.privacyDeletion', '1'), event('contact.propertyChange', '1')],
      { refresh: [], purge: ['1'] },
    ],
    [
      'a deletion later restored',
      [event('contact.deletion', '1'), event('contact.restore', '1')],
      { refresh: ['1'], purge: [] },
    ],
    [
      'a deletion',
      [event('contact.creation', '1'), event('contact.deletion', '1')],
      { refresh: [], purge: ['1'] },
    ],
  ])('%s', (_label, events, expected) => {
    expect(classifyHubSpotEvents(events)).toMatchObject(expected);
  });

  it('folds merged contacts into the survivor and refreshes only the survivor', () => {
    const result = classifyHubSpotEvents([
      event('contact.propertyChange', '2'),
      event('contact.merge', '1', { primaryObjectId: '1', mergedObjectIds: ['1', '2'] }),
    ]);
    expect(result.merges).toEqual([{ into: '1', from: ['2'] }]);
    expect(result.refresh).toEqual(['1']);
  });

  it("ignores Baton's own write-back echo and objects it does not track, saying why", () => {
    const result = classifyHubSpotEvents([
      event('contact.propertyChange', '1', { propertyName: 'baton_stage' }),
      event('deal.creation', '5'),
      event('object.creation', '9', { objectTypeId: '0-3' }),
    ]);
    expect(result.refresh).toEqual([]);
    expect(result.ignored.map((i) => i.reason)).toEqual([
      "echo of Baton's own write-back",
      'deal.creation is not about a contact or Lead',
      'object.creation is not about a contact or Lead',
    ]);
  });

  it('collects Lead objects to fold onto their contacts, and Leads that went away with when', () => {
    const lead = { objectTypeId: '0-136' };
    const deleted = event('object.deletion', '72', { ...lead, occurredAt: 5_000 });
    const result = classifyHubSpotEvents([
      event('object.creation', '71', lead),
      event('object.propertyChange', '71', { ...lead, propertyName: 'hs_pipeline_stage' }),
      event('object.creation', '72', { ...lead, occurredAt: 4_000 }),
      deleted,
      event('object.merge', '73', { ...lead, primaryObjectId: '73', mergedObjectIds: ['73', '74'] }),
      event('object.propertyChange', '75', { ...lead, propertyName: 'baton_stage' }),
    ]);
    expect(result.leads.refresh.toSorted()).toEqual(['71', '73']);
    expect(result.leads.removed).toEqual(
      expect.arrayContaining([
        { id: '72', occurredAt: 5_000 },
        { id: '74', occurredAt: expect.any(Number) },
      ]),
    );
    expect(result.leads.removed).toHaveLength(2);
    expect(result.refresh).toEqual([]);
    expect(result.ignored.map((i) => i.reason)).toEqual(["echo of Baton's own write-back"]);
  });

  it('applies events in occurrence order whatever order they were delivered in', () => {
    const restore = event('contact.restore', '1');
    const deletion = event('contact.deletion', '1', { occurredAt: restore.occurredAt - 10 });
    expect(classifyHubSpotEvents([restore, deletion])).toMatchObject({ refresh: ['1'], purge: [] });
  });
});
