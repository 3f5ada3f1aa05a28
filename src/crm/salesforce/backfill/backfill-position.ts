import { z } from 'zod';
import type { BackfillRun, BackfillSlice } from '../../../store/backfill-runs.ts';
import { isBulkJobId } from './bulk-query-api.ts';

/** The two imports of a run, in order: the Leads, then their campaign memberships. */
export const PHASES = ['leads', 'campaign_members'] as const;
export type BackfillPhase = (typeof PHASES)[number];

/** Where a phase stands inside its Bulk API job: the job, the locator of the next page (null: the first), rows read. */
export interface JobPosition {
  readonly job: string;
  readonly locator: string | null;
  readonly read: number;
}

const positionSchema = z.object({
  job: z.string().refine(isBulkJobId),
  locator: z.string().min(1).max(200).nullable(),
  read: z.number().int().nonnegative(),
});

/**
 * One slice per phase, each the same creation range, so the run's own columns say where it is:
 * the first slice left is the phase in progress, its end is the cutoff both jobs query with
 * (whole seconds, what a SOQL datetime literal holds), and an empty list is a finished run.
 */
export function backfillSlices(startedAt: Date): BackfillSlice[] {
  const slice = { from: 0, to: Math.floor(startedAt.getTime() / 1000) * 1000 };
  return PHASES.map(() => slice);
}

export function phaseOf(run: Pick<BackfillRun, 'slices'>): BackfillPhase | null {
  if (run.slices.length === 0) return null;
  const phase = PHASES[PHASES.length - run.slices.length];
  if (!phase)
    throw new Error(`a Salesforce backfill run holds ${run.slices.length} slices, not ${PHASES.length}`);
  return phase;
}

export function cutoffOf(run: Pick<BackfillRun, 'slices'>): Date {
  const [slice] = run.slices;
  if (!slice) throw new Error('a finished backfill run has no cutoff left');
  return new Date(slice.to);
}

/** The job position stored in the run's `after`; null before the phase's job is created. */
export function jobPositionOf(run: Pick<BackfillRun, 'after'>): JobPosition | null {
  if (run.after === null) return null;
  let stored: unknown;
  try {
    stored = JSON.parse(run.after);
  } catch {
    stored = undefined;
  }
  const parsed = positionSchema.safeParse(stored);
  if (!parsed.success) throw new Error('the stored Salesforce backfill position is not one Baton wrote');
  return parsed.data;
}

export const encodePosition = (position: JobPosition): string => JSON.stringify(position);
