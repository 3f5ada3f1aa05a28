/**
 * PostgreSQL binds at most 65 535 parameters per statement; multi-row writes are split so each
 * statement stays well under that whatever the caller hands in.
 */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
