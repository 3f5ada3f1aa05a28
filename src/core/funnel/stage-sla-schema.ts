import { z } from 'zod';
import { HANDOFF_EVENT_TYPES } from '../journey/ledger-entry.ts';
import type { BreachAction, StageSla } from '../sla/sla-policy.ts';
import { objectOf, text } from './schema-parts.ts';

const breachActionSchema: z.ZodType<BreachAction, unknown> = z.discriminatedUnion(
  'kind',
  [
    z.strictObject(
      {
        kind: z.literal('notify'),
        target: z.enum(['owner', 'manager'], { error: 'notify target must be owner or manager' }),
      },
      objectOf('breach action'),
    ),
    z.strictObject({ kind: z.literal('reassign'), queue: text('queue') }, objectOf('breach action')),
    z.strictObject({ kind: z.literal('return_to_marketing') }, objectOf('breach action')),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'breach action kind must be notify, reassign or return_to_marketing'
        : undefined,
  },
);

export const handoffEventSchema = z.enum(HANDOFF_EVENT_TYPES, {
  error: (issue) => `"${String(issue.input)}" is not a hand-off event (${HANDOFF_EVENT_TYPES.join(', ')})`,
});

export const stageSlaSchema: z.ZodType<StageSla, unknown> = z.strictObject(
  {
    targetMinutes: z
      .number({ error: 'targetMinutes must be a number of minutes' })
      .positive({ error: 'targetMinutes must be greater than 0' }),
    clock: z.enum(['calendar', 'business'], { error: 'clock must be calendar or business' }),
    atRiskShare: z
      .number({ error: 'atRiskShare must be a number' })
      .gt(0, { error: 'atRiskShare must be between 0 and 1 (exclusive), e.g. 0.75' })
      .lt(1, { error: 'atRiskShare must be between 0 and 1 (exclusive), e.g. 0.75' }),
    breachActions: z.array(breachActionSchema, { error: 'breachActions must be a list of actions' }),
    stopsOn: z
      .array(handoffEventSchema, { error: 'stopsOn must be a list of hand-off events' })
      .exactOptional(),
  },
  objectOf('sla'),
);
