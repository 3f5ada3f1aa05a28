import { ACCEPT_OR_REJECT_SLA } from '../../sla/default-sla.ts';
import type { OwnerShare } from '../funnel-model.ts';
import { DELIVERY, type FunnelPreset, MARKETING, SALES } from './preset-parts.ts';

type Share = 'major' | 'minor' | 'trace' | 'joint' | 'half';

/**
 * The source grades ownership in words only: "mostly" (major), "some" (minor), "a little" (trace).
 * The numbers are Baton's own scale, not the source's: major = 3, minor = 1, trace = 0.5, and joint
 * or half = 3 each (co-leads split evenly), divided by the stage's total so the shares sum to 1.
 */
const SHARE_WEIGHT: Readonly<Record<Share, number>> = { major: 3, minor: 1, trace: 0.5, joint: 3, half: 3 };

function coOwners(shares: Readonly<Record<string, Share>>): readonly OwnerShare[] {
  const graded = Object.entries(shares).map(([owner, share]) => ({ owner, raw: SHARE_WEIGHT[share] }));
  const total = graded.reduce((sum, g) => sum + g.raw, 0);
  return graded.map((g) => ({ function: g.owner, weight: g.raw / total }));
}

/** Le Meunier-FitzHugh 2015 (DOMAIN.md §3.4): marketing, sales and delivery share every stage by weight. */
export const threeOwnerJourney: FunnelPreset = {
  key: 'three_owner_journey',
  name: 'Journey with three owners',
  description:
    'Discovery to reassurance, each stage weighted between marketing, sales and delivery (weights on Baton’s own scale).',
  functions: [MARKETING, SALES, DELIVERY],
  stages: [
    {
      key: 'discovery',
      label: 'Discovery',
      owners: coOwners({ marketing: 'major', sales: 'minor' }),
      mapping: [],
    },
    {
      key: 'engagement',
      label: 'Engagement',
      owners: coOwners({ marketing: 'minor', sales: 'major', delivery: 'trace' }),
      sla: ACCEPT_OR_REJECT_SLA,
      mapping: [],
      isHandoff: true,
      milestones: ['qualified', 'handed_off'],
    },
    {
      key: 'evaluation',
      label: 'Evaluation',
      owners: coOwners({ marketing: 'trace', sales: 'major', delivery: 'minor' }),
      mapping: [],
      milestones: ['accepted', 'sales_qualified'],
    },
    {
      key: 'decision',
      label: 'Decision',
      owners: coOwners({ marketing: 'trace', sales: 'joint', delivery: 'joint' }),
      mapping: [],
      milestones: ['opportunity'],
    },
    {
      // CRM contacts hold no value for the act of buying; tenants map a deal stage here if they track it.
      key: 'purchase',
      label: 'Purchase',
      owners: coOwners({ sales: 'half', delivery: 'half' }),
      mapping: [],
    },
    {
      key: 'customer_experience',
      label: 'Customer experience',
      owners: coOwners({ marketing: 'trace', sales: 'minor', delivery: 'major' }),
      mapping: [],
      milestones: ['won'],
    },
    {
      key: 'reassurance',
      label: 'Reassurance',
      owners: coOwners({ marketing: 'minor', delivery: 'major' }),
      mapping: [],
    },
  ],
};
