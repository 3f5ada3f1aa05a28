import { addWorkingMinutes } from '../src/core/sla/business-hours.ts';
import { ACCEPT_OR_REJECT_SLA } from '../src/core/sla/default-sla.ts';
import { evaluateSlaClock } from '../src/core/sla/sla-clock.ts';
import type { BusinessCalendar, StageSla } from '../src/core/sla/sla-policy.ts';
import { type BenchRow, measure } from './table.ts';

const HOUR = 3_600_000;

/** SLA clocks: due instants on business hours, stepping one local day at a time through zone offsets. */
export async function benchSla(): Promise<BenchRow[]> {
  const calendar: BusinessCalendar = {
    timeZone: 'America/New_York',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: '09:00',
    dayEnd: '17:00',
    holidays: ['2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
  };
  const businessSla: StageSla = { ...ACCEPT_OR_REJECT_SLA, clock: 'business' };
  const t0 = Date.parse('2026-03-02T14:00:00Z');
  // Spread starts over a year (hour by hour) so weekends, holidays and both DST changes are all crossed.
  const starts = Array.from({ length: 24 * 365 }, (_, i) => t0 + i * HOUR);
  let i = 0;
  let checksum = 0;
  const addPerSec = measure(() => {
    checksum += addWorkingMinutes(starts[i++ % starts.length] ?? t0, businessSla.targetMinutes, calendar);
  });
  const readingsPerSec = measure(() => {
    const startedAt = starts[i++ % starts.length] ?? t0;
    checksum += evaluateSlaClock({ sla: businessSla, calendar, startedAt, now: startedAt + 30 * HOUR }).dueAt;
  });
  if (!Number.isFinite(checksum)) throw new Error('SLA benchmark produced no due instants');
  return [
    {
      suite: 'sla clock',
      case: 'addWorkingMinutes, 48 h business target',
      opsPerSec: addPerSec,
      note: 'America/New_York, Mon–Fri 09–17, 5 holidays',
    },
    {
      suite: 'sla clock',
      case: 'evaluateSlaClock, 48 h business target',
      opsPerSec: readingsPerSec,
      note: 'due + at-risk + elapsed per reading',
    },
  ];
}
