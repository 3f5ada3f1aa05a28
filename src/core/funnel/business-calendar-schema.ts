import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { BusinessCalendar } from '../sla/sla-policy.ts';
import { objectOf } from './schema-parts.ts';

// 24:00 lets a working day run to midnight, as the business-hours clock accepts.
const wallTime = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: `${what} must be a 24-hour HH:MM time` });

const holiday = z
  .string({ error: 'holiday must be text' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid, {
    error: (issue) => `holiday "${String(issue.input)}" is not a YYYY-MM-DD date`,
  });

export const businessCalendarSchema: z.ZodType<BusinessCalendar, unknown> = z
  .strictObject(
    {
      timeZone: z.string({ error: 'timeZone must be text' }).refine((zone) => IANAZone.isValidZone(zone), {
        error: (issue) =>
          `unknown time zone "${String(issue.input)}"; use an IANA name such as "Europe/Helsinki"`,
      }),
      workingDays: z
        .array(
          z
            .int({ error: 'working days are ISO weekday numbers, 1 = Monday … 7 = Sunday' })
            .min(1, { error: 'working days are ISO weekday numbers, 1 = Monday … 7 = Sunday' })
            .max(7, { error: 'working days are ISO weekday numbers, 1 = Monday … 7 = Sunday' }),
          { error: 'workingDays must be a list of ISO weekday numbers' },
        )
        .min(1, { error: 'a business calendar needs at least one working day' }),
      dayStart: wallTime('dayStart'),
      dayEnd: wallTime('dayEnd'),
      holidays: z.array(holiday, { error: 'holidays must be a list of YYYY-MM-DD dates' }),
    },
    objectOf('calendar'),
  )
  .superRefine((calendar, ctx) => {
    calendar.workingDays.forEach((day, i) => {
      if (calendar.workingDays.indexOf(day) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingDays', i],
          message: `working day ${day} is listed twice`,
        });
      }
    });
    if (calendar.dayStart >= calendar.dayEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['dayEnd'],
        message: `dayEnd ${calendar.dayEnd} must be after dayStart ${calendar.dayStart}; days spanning midnight are not supported`,
      });
    }
  });
