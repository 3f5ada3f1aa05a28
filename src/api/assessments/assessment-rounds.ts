import { z } from 'zod';
import {
  type BehaviourSignals,
  behaviourSignals,
  compareSelfRating,
  type SelfRatingCheck,
  SIGNAL_WINDOW_DAYS,
} from '../../core/assessment/behaviour-signals.ts';
import { INSTRUMENT_KEYS, INSTRUMENTS, type InstrumentKey } from '../../core/assessment/instruments.ts';
import {
  nextRoundWindow,
  type RoundResults,
  summarizeRound,
  type TrendPoint,
  trendOf,
} from '../../core/assessment/round-results.ts';
import { DAY_MS } from '../../core/time.ts';
import { InputInvalidError, NotFoundError } from '../../errors.ts';
import {
  type AssessmentRound,
  closeRound,
  fieldNoteTimes,
  type Invitation,
  listRounds,
  openRound,
  type RoundWithCounts,
  roundResponses,
} from '../../store/assessments.ts';
import type { Db } from '../../store/database.ts';
import { loadReportLeads } from '../../store/lead-facts.ts';
import type { Tenant } from '../../store/tenants.ts';
import type { Actor } from '../actor.ts';
import { requireRole } from '../settings/require-role.ts';

/** Most links one round hands out: enough for a large sales floor, few enough to list. */
export const MAX_INVITED = 2_000;

const openSchema = z.strictObject({
  instrument: z.enum(INSTRUMENT_KEYS as [InstrumentKey, ...InstrumentKey[]], {
    error: `instrument must be one of ${INSTRUMENT_KEYS.join(', ')}`,
  }),
  name: z.string().trim().min(1).max(120).exactOptional(),
  invitations: z
    .array(
      z.strictObject({
        function: z.enum(['sales', 'marketing', 'management'], {
          error: 'function must be sales, marketing or management',
        }),
        level: z.string().trim().min(1).max(60).nullable().exactOptional(),
        count: z.number().int().min(1).max(MAX_INVITED),
      }),
    )
    .min(1, { error: 'invite at least one respondent' }),
});

export interface OpenedRound {
  readonly round: AssessmentRound;
  /** Each respondent's link, shown this once: Baton keeps only their hashes. */
  readonly links: readonly {
    readonly function: string;
    readonly level: string | null;
    readonly url: string;
  }[];
}

/** An admin opens a round; every invited function must be one the instrument is answered by. */
export async function openAssessmentRound(
  db: Db,
  tenant: Tenant,
  actor: Actor,
  body: unknown,
  context: { readonly now: Date; readonly publicBaseUrl: string },
): Promise<OpenedRound> {
  requireRole(actor, ['admin'], 'open an assessment round');
  const parsed = openSchema.safeParse(body);
  if (!parsed.success)
    throw new InputInvalidError(
      'the round was not opened',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const { instrument, invitations } = parsed.data;
  const takes = INSTRUMENTS[instrument].functions;
  const issues = invitations.flatMap((invitation, index) =>
    takes.includes(invitation.function)
      ? []
      : [
          {
            path: `invitations.${index}.function`,
            message: `${instrument} is answered by ${takes.join(' and ')} only`,
          },
        ],
  );
  const invited = invitations.reduce((sum, i) => sum + i.count, 0);
  if (invited > MAX_INVITED)
    issues.push({ path: 'invitations', message: `at most ${MAX_INVITED} respondents per round` });
  if (issues.length > 0) throw new InputInvalidError('the round was not opened', issues);
  const name =
    parsed.data.name ?? `${INSTRUMENTS[instrument].name}, ${context.now.toISOString().slice(0, 10)}`;
  const { round, links } = await openRound(
    db,
    tenant.id,
    {
      instrument,
      name,
      invitations: invitations.map(
        (i): Invitation => ({ function: i.function, level: i.level ?? null, count: i.count }),
      ),
    },
    { actor: actor.id, now: context.now },
  );
  const base = context.publicBaseUrl.replace(/\/+$/, '');
  return {
    round,
    links: links.map((l) => ({ function: l.function, level: l.level, url: `${base}/assess/${l.token}` })),
  };
}

export async function closeAssessmentRound(
  db: Db,
  tenant: Tenant,
  actor: Actor,
  roundId: string,
  now: Date,
): Promise<AssessmentRound> {
  requireRole(actor, ['admin'], 'close an assessment round');
  return closeRound(db, tenant.id, roundId, { actor: actor.id, now });
}

export interface RoundSummary extends RoundWithCounts {
  readonly results: RoundResults;
}

/** The tenant's rounds with their results, and when each instrument's next round is due. */
export async function listAssessmentRounds(
  db: Db,
  tenant: Tenant,
  now: Date,
): Promise<{
  readonly rounds: readonly RoundSummary[];
  readonly nextRounds: Readonly<Partial<Record<InstrumentKey, ReturnType<typeof nextRoundWindow>>>>;
}> {
  const rounds = await withResults(db, tenant.id, await listRounds(db, tenant.id));
  const instruments = [...new Set(rounds.map((r) => r.instrument))];
  return {
    rounds,
    nextRounds: Object.fromEntries(
      instruments.map((instrument) => [instrument, nextRoundOf(rounds, instrument, now)]),
    ),
  };
}

/** Each round with its results as anyone may see them. */
function withResults(db: Db, tenantId: string, rounds: readonly RoundWithCounts[]): Promise<RoundSummary[]> {
  return Promise.all(
    rounds.map(async (round) => ({
      ...round,
      results: summarizeRound(round.instrument, await roundResponses(db, tenantId, round.id)),
    })),
  );
}

/** The next round of an instrument is due 9–12 months after its latest one. */
function nextRoundOf(rounds: readonly RoundWithCounts[], instrument: InstrumentKey, now: Date) {
  const latest = Math.max(
    ...rounds.filter((r) => r.instrument === instrument).map((r) => r.openedAt.getTime()),
  );
  return nextRoundWindow(latest, now.getTime());
}

export interface RoundView {
  readonly round: RoundWithCounts;
  readonly results: RoundResults;
  /** The ledger over the 90 days before the round opened, beside what respondents said. */
  readonly behaviour: BehaviourSignals;
  readonly selfRating: SelfRatingCheck;
  /** Every round of the same instrument, oldest first. */
  readonly trend: readonly TrendPoint[];
  readonly nextRound: ReturnType<typeof nextRoundWindow>;
}

export async function assessmentRoundView(
  db: Db,
  tenant: Tenant,
  roundId: string,
  now: Date,
): Promise<RoundView> {
  const rounds = await listRounds(db, tenant.id);
  const round = rounds.find((r) => r.id === roundId);
  if (!round) throw new NotFoundError(`there is no assessment round ${roundId}`);
  const sameInstrument = await withResults(
    db,
    tenant.id,
    rounds.filter((r) => r.instrument === round.instrument),
  );
  const results = sameInstrument.find((r) => r.id === roundId)?.results as RoundResults;
  const openedAt = round.openedAt.getTime();
  const window = { from: openedAt - SIGNAL_WINDOW_DAYS * DAY_MS, to: openedAt };
  const [leads, notes] = await Promise.all([
    loadReportLeads(db, tenant.id, { to: window.to, properties: {}, withAttribution: false }),
    fieldNoteTimes(db, tenant.id),
  ]);
  const behaviour = behaviourSignals(leads, notes, window);
  return {
    round,
    results,
    behaviour,
    selfRating: compareSelfRating(round.instrument, results, behaviour),
    trend: trendOf(sameInstrument.map((r) => ({ ...r, openedAt: r.openedAt.getTime() }))),
    nextRound: nextRoundOf(rounds, round.instrument, now),
  };
}
