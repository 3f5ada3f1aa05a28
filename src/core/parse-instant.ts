import type { Instant } from './time.ts';

/**
 * CRMs send times as epoch milliseconds or as ISO 8601 strings, depending on the CRM and the API;
 * a bare `YYYY-MM-DD` is taken as midnight UTC. Anything else is not a time.
 */
export function parseInstant(value: string | null | undefined): Instant | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^-?\d+$/.test(trimmed)) {
    const ms = Number(trimmed);
    return Number.isSafeInteger(ms) ? ms : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}
