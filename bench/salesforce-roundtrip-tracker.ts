import type { RecordChange } from '../src/simulate/salesforce-stand-in/org-store.ts';
import type { SalesforceStandIn } from '../src/simulate/salesforce-stand-in/salesforce-stand-in-api.ts';

/** The Rating a change sets, which decides whether the card's live verdict is qualified. */
export const HOT = 'Hot';
export const COLD = 'Cold';

const CARD_FIELD = 'baton__Card__c';

export interface WriteBackTracker {
  /** Times the Rating changes made from now on with `timed`, until `stop`. */
  expect(leadId: string, timed: boolean): void;
  readonly latencies: readonly number[];
  /** Changes still waiting for Baton's write on their Lead. */
  pending(): number;
  /** Baton wrote the Lead after its change, but with a card whose live verdict the Rating does not imply. */
  wrongValues(): number;
  /** A Lead changed again before Baton wrote it back after the change before. */
  overtaken(): number;
  /** performance.now() of the last write-back that answered a change. */
  lastWriteAt(): number;
  stop(): void;
}

/**
 * Watches the org: a change made in the org (not through Baton's API client) to a Lead's Rating
 * starts the clock, and the first change on that Lead with client `Baton` after it stops it. Both
 * are read off the stand-in's own change events, so they share one clock.
 */
export function trackWriteBacks(standIn: SalesforceStandIn): WriteBackTracker {
  const waiting = new Map<
    string,
    { readonly at: number; readonly rating: string; readonly timed: boolean }
  >();
  const marked = new Map<string, boolean>();
  const latencies: number[] = [];
  let wrong = 0;
  let overtaken = 0;
  let lastWrite = 0;
  const unsubscribe = standIn.onChange((change: RecordChange) => {
    if (change.objectType !== 'Lead' || change.kind !== 'updated') return;
    if (change.client === 'Baton') {
      const expected = waiting.get(change.id);
      if (!expected) return;
      waiting.delete(change.id);
      lastWrite = performance.now();
      if (expected.timed) latencies.push(lastWrite - expected.at);
      if (!impliedBy(expected.rating, change.changed[CARD_FIELD])) wrong += 1;
      return;
    }
    const rating = change.changed.Rating;
    const timed = marked.get(change.id);
    if (typeof rating !== 'string' || timed === undefined) return;
    marked.delete(change.id);
    if (waiting.has(change.id)) overtaken += 1;
    waiting.set(change.id, { at: performance.now(), rating, timed });
  });
  return {
    expect: (leadId, timed) => void marked.set(leadId, timed),
    latencies,
    pending: () => waiting.size,
    wrongValues: () => wrong,
    overtaken: () => overtaken,
    lastWriteAt: () => lastWrite,
    stop: unsubscribe,
  };
}

/** A Hot Lead's card says qualified today; a Cold one's does not. A write without the card is wrong too. */
function impliedBy(rating: string, card: unknown): boolean {
  if (typeof card !== 'string') return false;
  const parsed = JSON.parse(card) as { qualification?: { today?: { verdict?: string } | null } };
  const qualifiedToday = parsed.qualification?.today?.verdict === 'qualified';
  return qualifiedToday === (rating === HOT);
}
