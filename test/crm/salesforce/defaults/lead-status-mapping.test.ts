import { describe, expect, it } from 'vitest';
import { createPresetModel } from '../../../../src/core/funnel/presets.ts';
import { resolveStageFromProperties } from '../../../../src/core/funnel/stage-lookup.ts';
import {
  groupLeadStatuses,
  type LeadStatusValue,
  leadJourneyMapping,
  leadStageMappings,
} from '../../../../src/crm/salesforce/defaults/lead-status-mapping.ts';

const status = (
  apiName: string,
  sortOrder: number,
  flags: Partial<LeadStatusValue> = {},
): LeadStatusValue => ({
  apiName,
  label: apiName,
  sortOrder,
  isDefault: false,
  isConverted: false,
  ...flags,
});

/** Salesforce's four statuses of a new org, given out of order as a query might. */
const STANDARD = [
  status('Closed - Not Converted', 4),
  status('Working - Contacted', 2),
  status('Open - Not Contacted', 1, { isDefault: true }),
  status('Closed - Converted', 3, { isConverted: true }),
];

describe('Lead statuses onto the funnel', () => {
  it('groups an org’s statuses by their place around the default and the converted status, not by their names', () => {
    expect(groupLeadStatuses(STANDARD)).toEqual({
      nurture: [],
      waiting: ['Open - Not Contacted'],
      working: ['Working - Contacted'],
      closed: ['Closed - Not Converted'],
    });
    const renamed = [
      status('Raw', 1),
      status('Nurturing', 2),
      status('Ready for sales', 3, { isDefault: true }),
      status('Calling', 4),
      status('Meeting set', 5),
      status('Won over', 6, { isConverted: true }),
      status('Lost', 7),
      status('Junk', 8),
    ];
    expect(groupLeadStatuses(renamed)).toEqual({
      nurture: ['Raw', 'Nurturing'],
      waiting: ['Ready for sales'],
      working: ['Calling', 'Meeting set'],
      closed: ['Lost', 'Junk'],
    });
  });

  it('places Leads in the demand waterfall by status and conversion, the furthest stage winning', () => {
    const mapping = leadStageMappings(groupLeadStatuses(STANDARD)).demand_waterfall;
    const model = createPresetModel('demand_waterfall', { mapping });
    const stageOf = (properties: Record<string, string>) =>
      resolveStageFromProperties(model, properties)?.stage.key ?? null;
    expect(stageOf({ Status: 'Open - Not Contacted', IsConverted: 'false' })).toBe('mql');
    expect(stageOf({ Status: 'Working - Contacted', IsConverted: 'false' })).toBe('sal');
    expect(stageOf({ Status: 'Closed - Converted', IsConverted: 'true' })).toBe('sql');
    expect(
      stageOf({ Status: 'Closed - Converted', IsConverted: 'true', 'baton.conversion': 'with_opportunity' }),
    ).toBe('opportunity');
  });

  it('reads a working status as first contact and closing an unaccepted lead as a rejection', () => {
    const journey = leadJourneyMapping(groupLeadStatuses(STANDARD));
    expect(journey.ownerProperty).toBe('OwnerId');
    expect(journey.statusEvents).toEqual([
      { property: 'Status', value: 'Working - Contacted', event: 'first_contact' },
      {
        property: 'Status',
        value: 'Closed - Not Converted',
        event: 'disqualified',
        whileAwaitingAcceptance: 'rejected',
        reasonCode: 'bad_fit',
      },
    ]);
  });

  it('maps every preset, with no status names when the org has not been read', () => {
    const mappings = leadStageMappings(groupLeadStatuses([]));
    expect(Object.keys(mappings).sort()).toEqual([
      'demand_waterfall',
      'marketing_qualifies_sales_closes',
      'marketing_then_sales',
      'three_owner_journey',
      'tofu_mofu_bofu',
    ]);
    expect(JSON.stringify(mappings)).not.toContain('"Status"');
  });
});
