import type { FunnelModel } from '../../../src/core/funnel/funnel-model.ts';
import type { JourneyContext } from '../../../src/core/journey/derive-journey.ts';
import type { RecordSnapshot } from '../../../src/core/record.ts';
import { HUBSPOT_JOURNEY_MAPPING } from '../../fixtures/hubspot-defaults.ts';

const lifecycle = (...values: string[]) => [{ property: 'lifecyclestage', values }];

/** A small demand waterfall written out by hand, so journey tests do not depend on preset details. */
export const waterfall: FunnelModel = {
  key: 'test_waterfall',
  name: 'Test waterfall',
  functions: [
    { key: 'marketing', label: 'Marketing' },
    { key: 'sales', label: 'Sales' },
  ],
  calendar: {
    timeZone: 'UTC',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: '09:00',
    dayEnd: '17:00',
    holidays: [],
  },
  stages: [
    {
      key: 'inquiry',
      label: 'Inquiry',
      owners: [{ function: 'marketing', weight: 1 }],
      mapping: lifecycle('lead'),
    },
    {
      key: 'mql',
      label: 'MQL',
      owners: [{ function: 'marketing', weight: 1 }],
      mapping: lifecycle('marketingqualifiedlead'),
      milestones: ['qualified', 'handed_off'],
    },
    {
      key: 'sal',
      label: 'SAL',
      owners: [{ function: 'sales', weight: 1 }],
      mapping: [{ property: 'hs_lead_status', values: ['OPEN', 'IN_PROGRESS'] }],
      isHandoff: true,
      milestones: ['accepted'],
    },
    {
      key: 'sql',
      label: 'SQL',
      owners: [{ function: 'sales', weight: 1 }],
      mapping: lifecycle('salesqualifiedlead'),
      milestones: ['sales_qualified'],
    },
    {
      key: 'customer',
      label: 'Customer',
      owners: [{ function: 'sales', weight: 1 }],
      mapping: lifecycle('customer'),
      milestones: ['won'],
    },
  ],
};

export const context: JourneyContext = {
  model: waterfall,
  mapping: HUBSPOT_JOURNEY_MAPPING,
  qualification: { definitionKey: 'mql_default', definitionVersion: 3 },
};

export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const HOUR = 3_600_000;

export function snapshot(hoursAfterT0: number, properties: Record<string, string | null>): RecordSnapshot {
  return { recordId: '101', observedAt: T0 + hoursAfterT0 * HOUR, properties };
}
