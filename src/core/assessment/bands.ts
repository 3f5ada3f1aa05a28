import type { InstrumentKey } from './instruments.ts';

export type MaturityBand = 'Undefined' | 'Defined' | 'Aligned' | 'Integrated';
export type CollaborationBand = 'high' | 'middle' | 'low';

/** Floating sums of sevenths and fifths land a hair off the band edges; decide on nine decimals. */
const settle = (x: number) => Math.round(x * 1e9) / 1e9;

/** The maturity test's sum, 20–100: 20–39 Undefined, 40–59 Defined, 60–79 Aligned, 80–100 Integrated. */
export function maturityBand(score: number): MaturityBand {
  const s = settle(score);
  return s < 40 ? 'Undefined' : s < 60 ? 'Defined' : s < 80 ? 'Aligned' : 'Integrated';
}

/** A C3 mean on the 1–7 scale: above 4.5 high, below 3 low; exactly 3.0 and 4.5 are middle. */
export function collaborationBand(mean: number): CollaborationBand {
  const m = settle(mean);
  return m > 4.5 ? 'high' : m < 3 ? 'low' : 'middle';
}

/** What each band means, in Baton's words, for the team reading its results. */
export const INTERPRETATIONS: Readonly<Record<InstrumentKey, Readonly<Record<string, string>>>> = {
  maturity: {
    Undefined:
      'Each side is absorbed in its own agenda and meets the other mostly to fight fires; start with a shared vocabulary and a hand-off both agree to.',
    Defined:
      'Rules and processes keep conflict down and a common vocabulary is emerging; the next step is planning and training together.',
    Aligned:
      'The functions plan and train together and speak each other’s language; shared metrics and rewards come next.',
    Integrated:
      'Structures, systems, metrics and rewards are shared and the boundary blurs; guard against groupthink.',
  },
  'c3:worldview': {
    high: 'A strong claim to control: a high score is not healthier. When both functions score their own view high, expect a power struggle.',
    middle: 'A moderate claim to control: each side sees a role for the other.',
    low: 'Little claim to control: this function leaves the ground to the other.',
  },
  'c3:connection': {
    high: 'A strong bond: counterparts interact widely and see success as shared.',
    middle: 'A working connection that holds for routine matters but not for much more.',
    low: 'A weak bond: the functions work side by side rather than together.',
  },
  'c3:communication': {
    high: 'Communication is free, two-way and candid.',
    middle: 'The functions communicate when they must, and not much beyond.',
    low: 'Communication is poor: information does not flow between the functions.',
  },
  'c3:supportiveness': {
    high: 'The functions support each other as one team.',
    middle: 'Support is given when asked, and mostly where it pays off.',
    low: 'Each function looks after its own objectives.',
  },
  'c3:trust': {
    high: 'A high-quality relationship: open, honest, and with few tensions.',
    middle: 'Trust is conditional: promises are mostly kept, tensions come and go.',
    low: 'Little trust: tensions and doubt about the other side’s word.',
  },
  'c3:credibility': {
    high: 'Counterparts are seen as reliable, valuable partners.',
    middle: 'Counterparts are useful, with reservations.',
    low: 'Counterparts are not seen as reliable partners.',
  },
  'c3:strategy-making': {
    high: 'Marketing involves sales before, during and after a launch.',
    middle: 'Sales is involved at some moments of strategy making, not throughout.',
    low: 'Strategies are made without sales and handed over.',
  },
  'c3:buy-in': {
    high: 'Sales embraces marketing’s strategies.',
    middle: 'Sales goes along with marketing’s strategies, without conviction.',
    low: 'Sales does not buy into marketing’s strategies.',
  },
};
