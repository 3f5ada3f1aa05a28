import type { Instant } from '../time.ts';
import { collaborationBand, INTERPRETATIONS } from './bands.ts';
import { type AssessmentFunction, INSTRUMENTS, type InstrumentKey } from './instruments.ts';
import { type AssessmentResult, type FunctionResult, scoreAssessment } from './score-assessment.ts';

/** Groups smaller than this are never shown on their own: three answers cannot be told apart. */
export const MIN_GROUP_SIZE = 3;

/** One stored answer sheet: who answered (function and level), never which person. */
export interface RoundResponse {
  readonly function: AssessmentFunction;
  readonly level: string | null;
  readonly answers: unknown;
}

/** A group's scores as shown, with what its band means; or only that it is too small to show. */
export type GroupResult =
  | (FunctionResult & { readonly shown: true; readonly meaning: Readonly<Record<string, string>> })
  | { readonly shown: false; readonly respondents: `fewer than ${typeof MIN_GROUP_SIZE}` };

export interface RoundResults {
  readonly instrument: InstrumentKey;
  readonly respondents: number;
  /** The maturity test's mean of sums, or a single-score C3 tool's mean of individuals, over everyone. */
  readonly overall: { readonly score: number; readonly band: string; readonly meaning: string } | null;
  readonly byFunction: Readonly<Partial<Record<AssessmentFunction, GroupResult>>>;
  /** Sales minus marketing, only when both groups are shown. */
  readonly gap: AssessmentResult['gap'] | null;
  readonly byLevel: Readonly<Record<string, GroupResult>>;
  /** The highest-scoring shown level minus the lowest, for instruments with one combined score. */
  readonly levelGap: { readonly highest: string; readonly lowest: string; readonly gap: number } | null;
  readonly flags: readonly string[];
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * A round's results as anyone may see them: per function and per level, each group only when at
 * least three answered, never one person's answers. Flags come only from groups that are shown,
 * so a flag never says something about a group too small to show.
 */
export function summarizeRound(instrument: InstrumentKey, responses: readonly RoundResponse[]): RoundResults {
  const meaning = INTERPRETATIONS[instrument];
  const score = (subset: readonly RoundResponse[]): AssessmentResult | null => {
    if (subset.length === 0) return null;
    const scored = scoreAssessment({
      instrument,
      respondents: subset.map((r) => ({
        function: r.function,
        ...(r.level ? { level: r.level } : {}),
        answers: r.answers,
      })),
    });
    // Stored answers were checked on the way in; one that no longer scores is left out.
    return scored.ok ? scored.value : null;
  };
  const groupOf = (members: readonly RoundResponse[], result: FunctionResult | undefined): GroupResult =>
    members.length < MIN_GROUP_SIZE || !result
      ? { shown: false, respondents: `fewer than ${MIN_GROUP_SIZE}` }
      : { ...result, shown: true, meaning };

  const functions = [...new Set(responses.map((r) => r.function))];
  const shownFunctions = functions.filter(
    (fn) => responses.filter((r) => r.function === fn).length >= MIN_GROUP_SIZE,
  );
  const shown = score(responses.filter((r) => shownFunctions.includes(r.function)));
  const byFunction = Object.fromEntries(
    functions.map((fn) => [
      fn,
      groupOf(
        responses.filter((r) => r.function === fn),
        shown?.byFunction[fn],
      ),
    ]),
  );

  const levels = [...new Set(responses.flatMap((r) => (r.level ? [r.level] : [])))].sort();
  const byLevel: Record<string, GroupResult> = {};
  const levelScores: { level: string; score: number }[] = [];
  for (const level of levels) {
    const members = responses.filter((r) => r.level === level);
    const pooled = members.length >= MIN_GROUP_SIZE ? pool(score(members)) : undefined;
    byLevel[level] = groupOf(members, pooled);
    if (pooled?.score !== undefined) levelScores.push({ level, score: pooled.score });
  }
  levelScores.sort((a, b) => b.score - a.score);
  const [highest] = levelScores;
  const lowest = levelScores.at(-1);

  const everyone = responses.length >= MIN_GROUP_SIZE ? pool(score(responses)) : undefined;
  return {
    instrument,
    respondents: responses.length,
    overall:
      everyone?.score !== undefined && everyone.band !== undefined
        ? { score: everyone.score, band: everyone.band, meaning: meaning[everyone.band] ?? '' }
        : null,
    byFunction,
    gap: shown?.gap ?? null,
    byLevel,
    levelGap:
      highest && lowest && highest !== lowest
        ? { highest: highest.level, lowest: lowest.level, gap: round(highest.score - lowest.score) }
        : null,
    flags: shown?.flags ?? [],
  };
}

/**
 * Everyone in a result as one group: the mean of individuals is the functions' means weighted by
 * their respondents. The maturity test's overall mean is already that.
 */
function pool(result: AssessmentResult | null): FunctionResult | undefined {
  if (!result) return undefined;
  if (result.overall)
    return {
      respondents: result.respondents?.length ?? 0,
      score: result.overall.mean,
      band: result.overall.band,
    };
  const groups = Object.values(result.byFunction);
  const respondents = groups.reduce((sum, g) => sum + g.respondents, 0);
  const weighted = (pick: (g: FunctionResult) => number | undefined) => {
    const scored = groups.filter((g) => pick(g) !== undefined);
    const n = scored.reduce((sum, g) => sum + g.respondents, 0);
    return n === 0 ? undefined : scored.reduce((sum, g) => sum + (pick(g) ?? 0) * g.respondents, 0) / n;
  };
  const single = weighted((g) => g.score);
  if (single !== undefined) return { respondents, score: round(single), band: collaborationBand(single) };
  const names = [...new Set(groups.flatMap((g) => Object.keys(g.sections ?? {})))];
  return {
    respondents,
    sections: Object.fromEntries(
      names.flatMap((name) => {
        const s = weighted((g) => g.sections?.[name]?.score);
        return s === undefined ? [] : [[name, { score: round(s), band: collaborationBand(s) }]];
      }),
    ),
  };
}

/** Re-run every 9–12 months (DOMAIN.md §8): when the next round of an instrument is due. */
export function nextRoundWindow(
  lastOpenedAt: Instant,
  now: Instant,
): { readonly from: Instant; readonly by: Instant; readonly state: 'not_yet' | 'due' | 'overdue' } {
  const from = addMonths(lastOpenedAt, 9);
  const by = addMonths(lastOpenedAt, 12);
  return { from, by, state: now < from ? 'not_yet' : now <= by ? 'due' : 'overdue' };
}

function addMonths(at: Instant, months: number): Instant {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

export interface TrendPoint {
  readonly roundId: string;
  readonly name: string;
  readonly openedAt: Instant;
  readonly overall: number | null;
  readonly byFunction: Readonly<Partial<Record<AssessmentFunction, number>>>;
}

/** An instrument's rounds oldest first, with the scores each showed (small groups stay hidden). */
export function trendOf(
  rounds: readonly {
    readonly id: string;
    readonly name: string;
    readonly openedAt: Instant;
    readonly results: RoundResults;
  }[],
): TrendPoint[] {
  return [...rounds]
    .sort((a, b) => a.openedAt - b.openedAt)
    .map((r) => ({
      roundId: r.id,
      name: r.name,
      openedAt: r.openedAt,
      overall: r.results.overall?.score ?? null,
      byFunction: Object.fromEntries(
        Object.entries(r.results.byFunction).flatMap(([fn, g]) =>
          g.shown && g.score !== undefined ? [[fn, g.score]] : [],
        ),
      ),
    }));
}

/** The instrument's name, for pages and the CLI. */
export function instrumentName(key: InstrumentKey): string {
  return INSTRUMENTS[key].name;
}
