import type { BackfillSlice } from '../../../store/backfill-runs.ts';

/** HubSpot search pages no further than 10 000 results into one query (PLATFORMS.md). */
export const SEARCH_RESULT_CAP = 10_000;

/**
 * Every contact created before `until` (the run's start): later ones reach Baton through webhooks.
 * Creation times are epoch ms and never before 1970 in HubSpot, so 0 bounds the past.
 */
export function wholeHistory(until: Date): BackfillSlice {
  return { from: 0, to: until.getTime() + 1 };
}

/**
 * Two slices covering `slice` exactly, for a slice holding more contacts than one query can page
 * through. A slice one millisecond wide cannot be split by date: more than the cap created in the
 * same millisecond is not something HubSpot's own import or API rates produce, so it is an error.
 */
export function halve(slice: BackfillSlice, total: number): [BackfillSlice, BackfillSlice] {
  if (slice.to - slice.from < 2) {
    throw new Error(
      `${total} contacts were created at ${new Date(slice.from).toISOString()}, more than one HubSpot search can page through`,
    );
  }
  const middle = slice.from + Math.floor((slice.to - slice.from) / 2);
  return [
    { from: slice.from, to: middle },
    { from: middle, to: slice.to },
  ];
}
