import { ATTRIBUTION_MODELS } from '../src/core/attribution/attribution-result.ts';
import { DEFAULT_CHANNELS } from '../src/core/attribution/channels.ts';
import { attribute, attributeAll } from '../src/core/attribution/models.ts';
import type { ConversionMilestones, Touch } from '../src/core/attribution/touch.ts';
import { type BenchRow, measure } from './table.ts';

const HOUR = 3_600_000;
const TOUCHES_PER_LEAD = 50;
const LEADS = 64;

interface BenchLead {
  readonly touches: readonly Touch[];
  readonly milestones: ConversionMilestones;
}

/** Deterministic leads: 50 touches arriving out of order, half of them won, half with an open opportunity. */
function buildLeads(): BenchLead[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const t0 = Date.parse('2026-01-05T09:00:00Z');
  return Array.from({ length: LEADS }, (_, lead) => {
    const touches: Touch[] = Array.from({ length: TOUCHES_PER_LEAD }, (_, i) => {
      const channel = DEFAULT_CHANNELS[Math.floor(next() * DEFAULT_CHANNELS.length)];
      return {
        id: `${lead}-${i}`,
        occurredAt: t0 + Math.floor(next() * 90 * 24) * HOUR,
        channel: channel?.key ?? 'other',
        origin: channel?.defaultOrigin ?? 'other',
      };
    });
    const day = (n: number) => t0 + n * 24 * HOUR;
    return {
      touches,
      milestones:
        lead % 2 === 0
          ? { leadCreatedAt: day(10), mqlAt: day(20), opportunityCreatedAt: day(45), closedWonAt: day(80) }
          : { leadCreatedAt: day(15), mqlAt: day(30), opportunityCreatedAt: day(60) },
    };
  });
}

/** Attribution of leads with 50 touches each: one row per model, plus all models side by side. */
export async function benchAttribution(): Promise<BenchRow[]> {
  const leads = buildLeads();
  const now = Date.parse('2026-04-10T09:00:00Z');
  let credits = 0;
  let cursor = 0;
  const nextLead = () => {
    cursor = (cursor + 1) % leads.length;
    return leads[cursor] ?? { touches: [], milestones: {} };
  };
  const rows: BenchRow[] = ATTRIBUTION_MODELS.map((model) => {
    const leadsPerSec = measure(() => {
      const lead = nextLead();
      credits += attribute(lead.touches, lead.milestones, model, { now }).credits.length;
    });
    return {
      suite: 'attribution',
      case: `${model}, ${TOUCHES_PER_LEAD} touches per lead`,
      opsPerSec: leadsPerSec,
      note: `ops = leads; ${Math.round((leadsPerSec * TOUCHES_PER_LEAD) / 1000).toLocaleString('en-US')}k touches/s`,
    };
  });
  const sideBySidePerSec = measure(() => {
    const lead = nextLead();
    credits += attributeAll(lead.touches, lead.milestones, ATTRIBUTION_MODELS, { now }).length;
  });
  if (credits === 0) throw new Error('attribution produced no credits');
  rows.push({
    suite: 'attribution',
    case: `all ${ATTRIBUTION_MODELS.length} models side by side, ${TOUCHES_PER_LEAD} touches`,
    opsPerSec: sideBySidePerSec,
    note: `ops = leads; ${Math.round(sideBySidePerSec * ATTRIBUTION_MODELS.length).toLocaleString('en-US')} model results/s`,
  });
  return rows;
}
