const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/**
 * A short human duration, rounded down to the minute: "45 min", "3 h 10 min", "2 d 3 h". Business
 * time should pass `largestUnit: 'hour'`, because a business day is not 24 hours long.
 */
export function formatDuration(minutes: number, largestUnit: 'day' | 'hour' = 'day'): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`Cannot format a duration of ${minutes} minutes`);
  if (minutes < 0) return `-${formatDuration(-minutes, largestUnit)}`;
  const total = Math.floor(minutes);
  if (total < MINUTES_PER_HOUR) return `${total} min`;
  const days = largestUnit === 'day' ? Math.floor(total / MINUTES_PER_DAY) : 0;
  const hours = Math.floor((total - days * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  const rest = total % MINUTES_PER_HOUR;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}
