import { type Instant, MINUTE_MS } from '../time.ts';
import { addScheduledMinutes, scheduledMinutesBetween } from './business-hours.ts';
import { formatDuration } from './format-duration.ts';
import type { BreachAction, BusinessCalendar, SlaClockKind, SlaState, StageSla } from './sla-policy.ts';
import { compileWorkingSchedule } from './working-schedule.ts';

export interface SlaClockInput {
  readonly sla: StageSla;
  readonly calendar: BusinessCalendar;
  readonly startedAt: Instant;
  /** When the stage was left or a `stopsOn` event happened; absent while the clock still runs. */
  readonly stoppedAt?: Instant | null;
  readonly now: Instant;
}

/** Minutes are the clock's own kind: business minutes for a business clock, elapsed minutes otherwise. */
export interface SlaClockReading {
  readonly state: SlaState;
  readonly dueAt: Instant;
  readonly atRiskAt: Instant;
  readonly elapsedMinutes: number;
  /** Never negative; an overdue clock reads 0. */
  readonly remainingMinutes: number;
  readonly targetMinutes: number;
  readonly clock: SlaClockKind;
  /** The due instant once the target has been missed (breached or met late), else null. */
  readonly breachedAt: Instant | null;
  readonly reason: string;
}

export function evaluateSlaClock(input: SlaClockInput): SlaClockReading {
  const { sla, calendar, startedAt, now } = input;
  const stoppedAt = input.stoppedAt ?? null;
  const schedule = sla.clock === 'business' ? compileWorkingSchedule(calendar) : null;
  const addMinutes = (minutes: number): Instant =>
    schedule
      ? addScheduledMinutes(startedAt, minutes, schedule)
      : startedAt + Math.round(minutes * MINUTE_MS);
  const minutesUntil = (end: Instant): number =>
    schedule ? scheduledMinutesBetween(startedAt, end, schedule) : Math.max(0, end - startedAt) / MINUTE_MS;

  const dueAt = addMinutes(sla.targetMinutes);
  const atRiskAt = addMinutes(sla.targetMinutes * sla.atRiskShare);
  const elapsedMinutes = minutesUntil(stoppedAt ?? now);
  const state = stateOf(stoppedAt ?? now, stoppedAt !== null, dueAt, atRiskAt);
  const reading = {
    state,
    dueAt,
    atRiskAt,
    elapsedMinutes,
    remainingMinutes: Math.max(0, sla.targetMinutes - elapsedMinutes),
    targetMinutes: sla.targetMinutes,
    clock: sla.clock,
    breachedAt: state === 'breached' || state === 'met_late' ? dueAt : null,
  };
  return { ...reading, reason: explain(reading, stoppedAt ?? now) };
}

/** The tenant's breach actions, due only while the clock is breached (a late answer needs no escalation). */
export function breachActionsDue(reading: SlaClockReading, sla: StageSla): readonly BreachAction[] {
  return reading.state === 'breached' ? sla.breachActions : [];
}

function stateOf(end: Instant, stopped: boolean, dueAt: Instant, atRiskAt: Instant): SlaState {
  if (stopped) return end <= dueAt ? 'met' : 'met_late';
  if (end > dueAt) return 'breached';
  return end >= atRiskAt ? 'at_risk' : 'on_track';
}

function explain(reading: Omit<SlaClockReading, 'reason'>, end: Instant): string {
  const largestUnit = reading.clock === 'business' ? 'hour' : 'day';
  const kind = reading.clock === 'business' ? 'business-hours' : 'calendar';
  const target = `the ${formatDuration(reading.targetMinutes, largestUnit)} ${kind} target`;
  const used = formatDuration(reading.elapsedMinutes, largestUnit);
  const left = formatDuration(reading.remainingMinutes, largestUnit);
  // Lateness is shown in plain elapsed time: "2 h ago" reads as wall-clock time to everyone.
  const late = formatDuration((end - reading.dueAt) / MINUTE_MS);
  switch (reading.state) {
    case 'met':
      return `Answered after ${used}, within ${target}`;
    case 'met_late':
      return `Answered ${late} after ${target} ran out`;
    case 'breached':
      return `Not answered; ${target} ran out ${late} ago`;
    case 'at_risk': {
      const share = reading.targetMinutes > 0 ? reading.elapsedMinutes / reading.targetMinutes : 1;
      return `At risk: ${Math.floor(share * 100)}% of ${target} used, ${left} left`;
    }
    case 'on_track':
      return `On track: ${used} of ${target} used, ${left} left`;
  }
}
