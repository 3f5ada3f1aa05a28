import { z } from 'zod';
import type { Instant } from '../time.ts';
import type { Criterion } from './criteria.ts';
import { criterionSchema, labelSchema, nonEmptyText, strictShape } from './criteria-schema.ts';

export type DefinitionStatus = 'draft' | 'proposed' | 'approved' | 'active' | 'retired';
export type ApprovalSide = 'marketing' | 'sales';

export interface Approval {
  readonly by: string;
  readonly at: Instant;
}

export interface Approvals {
  readonly marketing?: Approval;
  readonly sales?: Approval;
}

/** Where a definition applies. An empty or absent list means everywhere on that dimension. */
export interface DefinitionScope {
  readonly territories?: readonly string[];
  readonly productLines?: readonly string[];
}

/** How dated engagement points lose value with age (field practice: 7-day half-life, 30-day window). */
export type ScoreDecay =
  | { readonly kind: 'half_life'; readonly halfLifeDays: number }
  | { readonly kind: 'window'; readonly windowDays: number }
  | { readonly kind: 'linear'; readonly windowDays: number };

export interface ScoreRule {
  readonly criterion: Criterion;
  /** Negative points express negative signals, e.g. a student email address. */
  readonly points: number;
  readonly label?: string;
  /** Points age by `scoring.decay`, measured from the date in `dateProperty` (engagement rules only). */
  readonly decays?: boolean;
  readonly dateProperty?: string;
}

export interface Scoring {
  readonly fit: readonly ScoreRule[];
  readonly engagement: readonly ScoreRule[];
  /** Absent thresholds are not checked. */
  readonly fitThreshold?: number;
  readonly engagementThreshold?: number;
  readonly decay?: ScoreDecay;
}

/** One version of the lead definition marketing and sales agree on. Versions are immutable once proposed. */
export interface QualificationDefinition {
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly description?: string;
  readonly status: DefinitionStatus;
  readonly scope: DefinitionScope;
  /** Absent when the definition qualifies on scores alone. */
  readonly rules?: Criterion;
  /** Any match disqualifies, whatever the rules and scores say. */
  readonly disqualifiers: readonly Criterion[];
  readonly scoring: Scoring;
  readonly approvals: Approvals;
  readonly createdBy?: string;
  readonly createdAt: Instant;
  readonly proposedBy?: string;
  readonly proposedAt?: Instant;
  readonly activatedAt?: Instant;
  readonly retiredAt?: Instant;
  readonly changeNote?: string;
}

const instant = (what: string) =>
  z.int({ error: `${what} must be an instant in epoch milliseconds` }).exactOptional();

const positiveDays = (what: string) =>
  z
    .number({ error: `${what} must be a number of days` })
    .positive({ error: `${what} must be greater than 0` });

const approvalSchema = z.strictObject(
  { by: nonEmptyText('approver'), at: z.int({ error: 'approval time must be epoch milliseconds' }) },
  strictShape,
);

const decaySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('half_life'), halfLifeDays: positiveDays('halfLifeDays') }, strictShape),
    z.strictObject({ kind: z.literal('window'), windowDays: positiveDays('windowDays') }, strictShape),
    z.strictObject({ kind: z.literal('linear'), windowDays: positiveDays('windowDays') }, strictShape),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'decay kind must be half_life, window or linear' : undefined,
  },
);

const scoreRuleSchema = z.strictObject(
  {
    criterion: criterionSchema,
    points: z
      .number({ error: 'points must be a finite number' })
      .refine((points) => points !== 0, { error: 'a rule worth 0 points changes nothing; remove it' }),
    label: labelSchema,
    decays: z.boolean({ error: 'decays must be true or false' }).exactOptional(),
    dateProperty: nonEmptyText('dateProperty').exactOptional(),
  },
  strictShape,
);

const threshold = (what: string) => z.number({ error: `${what} must be a finite number` }).exactOptional();

const scoringSchema = z.strictObject(
  {
    fit: z.array(scoreRuleSchema, { error: 'fit must be a list of score rules' }).default([]),
    engagement: z.array(scoreRuleSchema, { error: 'engagement must be a list of score rules' }).default([]),
    fitThreshold: threshold('fitThreshold'),
    engagementThreshold: threshold('engagementThreshold'),
    decay: decaySchema.exactOptional(),
  },
  strictShape,
);

const scopeList = (what: string) =>
  z.array(nonEmptyText(what), { error: `${what} must be a list of names` }).exactOptional();

export const definitionSchema: z.ZodType<QualificationDefinition, unknown> = z.strictObject(
  {
    key: nonEmptyText('key'),
    version: z
      .int({ error: 'version must be a whole number' })
      .min(1, { error: 'version must be 1 or greater' }),
    name: nonEmptyText('name'),
    description: z.string({ error: 'description must be text' }).exactOptional(),
    status: z.enum(['draft', 'proposed', 'approved', 'active', 'retired'], {
      error: 'status must be draft, proposed, approved, active or retired',
    }),
    scope: z
      .strictObject(
        { territories: scopeList('territories'), productLines: scopeList('productLines') },
        strictShape,
      )
      .default({}),
    rules: criterionSchema.exactOptional(),
    disqualifiers: z
      .array(criterionSchema, { error: 'disqualifiers must be a list of criteria' })
      .default([]),
    scoring: scoringSchema.default({ fit: [], engagement: [] }),
    approvals: z
      .strictObject(
        { marketing: approvalSchema.exactOptional(), sales: approvalSchema.exactOptional() },
        strictShape,
      )
      .default({}),
    createdBy: nonEmptyText('createdBy').exactOptional(),
    createdAt: z.int({ error: 'createdAt must be an instant in epoch milliseconds' }),
    proposedBy: nonEmptyText('proposedBy').exactOptional(),
    proposedAt: instant('proposedAt'),
    activatedAt: instant('activatedAt'),
    retiredAt: instant('retiredAt'),
    changeNote: z.string({ error: 'changeNote must be text' }).exactOptional(),
  },
  strictShape,
);
