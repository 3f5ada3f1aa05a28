import { z } from 'zod';
import { TOUCH_ORIGINS } from '../../core/attribution/touch.ts';
import type { ReportFilter } from '../../core/reports/report-lead.ts';
import { InputInvalidError } from '../../errors.ts';

const day = /^\d{4}-\d{2}-\d{2}$/;

/** A date (`2026-10-01`, the start of that day in UTC) or an ISO instant with its offset. */
const instant = (field: string) =>
  z
    .string()
    .refine((text) => day.test(text) || z.iso.datetime({ offset: true }).safeParse(text).success, {
      message: `${field} must be a date (YYYY-MM-DD) or an ISO date-time with offset`,
    })
    .transform((text) => Date.parse(day.test(text) ? `${text}T00:00:00Z` : text))
    .refine((ms) => Number.isFinite(ms), { message: `${field} is not a real date` });

const text = z.string().trim().min(1).max(200);

const querySchema = z
  .strictObject({
    from: instant('from').optional(),
    to: instant('to').optional(),
    source: text.optional(),
    origin: z.enum(TOUCH_ORIGINS).optional(),
    owner: text.optional(),
    team: text.optional(),
    territory: text.optional(),
    definition: z
      .string()
      .regex(/^([^@\s]+@)?\d+$/, 'definition must be key@version or a version number')
      .optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['to'],
  });

export const REPORT_FILTER_FIELDS = [
  'from',
  'to',
  'source',
  'origin',
  'owner',
  'team',
  'territory',
  'definition',
] as const;

/** A report's filter from query parameters or CLI options; anything unknown or malformed is refused by name. */
export function parseReportFilter(input: Readonly<Record<string, unknown>>): ReportFilter {
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : ''),
      message: i.code === 'unrecognized_keys' ? `unknown filter ${i.keys.join(', ')}` : i.message,
    }));
    throw new InputInvalidError(
      `the report filter is invalid: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ReportFilter;
}
