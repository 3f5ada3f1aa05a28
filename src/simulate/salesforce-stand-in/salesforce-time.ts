/** Salesforce's REST datetime form: milliseconds and a `+0000` offset, e.g. `2026-01-01T10:00:00.000+0000`. */
export function formatDatetime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** A date field's value: `YYYY-MM-DD` (UTC: the stand-in org's time zone is GMT). */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of an ISO 8601 datetime with a zone (Z, +hh:mm or +hhmm); null when it is not one. */
export function parseDatetime(text: string): number | null {
  const match = DATETIME.exec(text);
  if (!match || parseDate(text.slice(0, 10)) === null) return null;
  const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const zone = match[8] === 'Z' ? 'Z' : `${match[8]?.slice(0, 3)}:${match[8]?.slice(-2)}`;
  const fraction = (match[7] ?? '.000').slice(0, 4).padEnd(4, '0');
  const at = Date.parse(`${text.slice(0, 19)}${fraction}${zone}`);
  return Number.isNaN(at) ? null : at;
}

/** The same `YYYY-MM-DD` when it names a real calendar day; null otherwise. */
export function parseDate(text: string): string | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? text
    : null;
}
