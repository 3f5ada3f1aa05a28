import { createPresetModel } from '../src/core/funnel/presets.ts';
import { deriveJourney, type JourneyContext } from '../src/core/journey/derive-journey.ts';
import { emptyJourneyState } from '../src/core/journey/journey-state.ts';
import type { RecordSnapshot } from '../src/core/record.ts';
import { HUBSPOT_JOURNEY_MAPPING } from '../src/crm/hubspot/defaults/hubspot-journey-mapping.ts';
import { HUBSPOT_STAGE_MAPPINGS } from '../src/crm/hubspot/defaults/hubspot-stage-mappings.ts';
import { type BenchRow, measure } from './table.ts';

const HOUR = 3_600_000;

/** Stage derivation: a lead walking the demand waterfall from inquiry to customer, one snapshot per move. */
export async function benchJourney(): Promise<BenchRow[]> {
  const context: JourneyContext = {
    model: createPresetModel('demand_waterfall', { mapping: HUBSPOT_STAGE_MAPPINGS.demand_waterfall }),
    mapping: HUBSPOT_JOURNEY_MAPPING,
  };
  const walk: readonly Record<string, string>[] = [
    { lifecyclestage: 'lead', hubspot_owner_id: '11' },
    { lifecyclestage: 'marketingqualifiedlead', hubspot_owner_id: '11' },
    { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN', hubspot_owner_id: '42' },
    { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED', hubspot_owner_id: '42' },
    { lifecyclestage: 'salesqualifiedlead', hs_lead_status: 'CONNECTED', hubspot_owner_id: '42' },
    { lifecyclestage: 'opportunity', hs_lead_status: 'OPEN_DEAL', hubspot_owner_id: '42' },
    { lifecyclestage: 'customer', hs_lead_status: 'OPEN_DEAL', hubspot_owner_id: '42' },
  ];
  const t0 = Date.parse('2026-03-02T09:00:00Z');
  const snapshots: RecordSnapshot[] = walk.map((properties, i) => ({
    recordId: '1',
    observedAt: t0 + i * HOUR,
    properties,
  }));
  let entries = 0;
  const journeysPerSec = measure(() => {
    let state = emptyJourneyState('1');
    for (const snapshot of snapshots) {
      const step = deriveJourney(state, { kind: 'snapshot', snapshot }, context);
      state = step.state;
      entries += step.entries.length;
    }
  });
  if (entries === 0) throw new Error('stage derivation produced no ledger entries');
  return [
    {
      suite: 'stage derivation',
      case: `${snapshots.length} snapshots per lead`,
      opsPerSec: journeysPerSec * snapshots.length,
      note: `${Math.round(journeysPerSec).toLocaleString('en-US')} full journeys/s`,
    },
  ];
}
