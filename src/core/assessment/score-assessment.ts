import { z } from 'zod';
import type { Validated, ValidationIssue } from '../validation.ts';
import { type CollaborationBand, collaborationBand, type MaturityBand, maturityBand } from './bands.ts';
import {
  type AssessmentFunction,
  INSTRUMENT_KEYS,
  INSTRUMENTS,
  type Instrument,
  type InstrumentKey,
} from './instruments.ts';

const inputSchema = z.strictObject({
  instrument: z.enum(INSTRUMENT_KEYS as [InstrumentKey, ...InstrumentKey[]], {
    error: `instrument must be one of ${INSTRUMENT_KEYS.join(', ')}`,
  }),
  respondents: z
    .array(
      z.strictObject({
        function: z.enum(['sales', 'marketing', 'management'], {
          error: 'function must be sales, marketing or management',
        }),
        level: z.string().min(1).optional(),
        answers: z.unknown(),
      }),
      { error: 'respondents must be a list' },
    )
    .min(1, { error: 'respondents must name at least one respondent' }),
});

type Band = MaturityBand | CollaborationBand;

export interface Scored {
  readonly score: number;
  readonly band: Band;
}

export interface FunctionResult {
  readonly respondents: number;
  readonly score?: number;
  readonly band?: Band;
  readonly sections?: Readonly<Record<string, Scored>>;
}

/** The CLI contract's result (`baton assess score --json`). */
export interface AssessmentResult {
  /** The maturity test only: each respondent's sum and band, in input order. */
  readonly respondents?: readonly Scored[];
  /** The maturity test only: the mean of the respondents' sums. */
  readonly overall?: { readonly mean: number; readonly band: Band };
  readonly byFunction: Readonly<Partial<Record<AssessmentFunction, FunctionResult>>>;
  /** Sales minus marketing where both answered; per section for instruments scored by section. */
  readonly gap?: number | Readonly<Record<string, number>>;
  readonly flags: readonly string[];
}

const round = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Scores answers collected elsewhere. Every respondent's answers are checked first (the item
 * count of their function's form, each answer on the instrument's scale, a function the instrument
 * takes); any issue refuses the whole input, each naming the respondent and the item.
 */
export function scoreAssessment(input: unknown): Validated<AssessmentResult> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })),
    };
  }
  const instrument = INSTRUMENTS[parsed.data.instrument];
  const issues: ValidationIssue[] = [];
  const answered = parsed.data.respondents.map((r, index) => ({
    function: r.function,
    sections: sectionsOf(instrument, r.function, r.answers, index, issues),
  }));
  if (issues.length > 0) return { ok: false, issues };

  const sectioned = Object.keys(firstForm(instrument)).length > 1;
  const scoreOf = (answers: readonly number[]) =>
    instrument.scoring === 'sum' ? answers.reduce((s, a) => s + a, 0) : mean(answers);
  const bandOf = (score: number): Band =>
    instrument.scoring === 'sum' ? maturityBand(score) : collaborationBand(score);
  const individual = answered.map((r) => ({
    function: r.function,
    scores: Object.fromEntries(
      Object.entries(r.sections ?? {}).map(([name, answers]) => [name, scoreOf(answers)]),
    ),
  }));

  const byFunction: Partial<Record<AssessmentFunction, FunctionResult>> = {};
  const team: Partial<Record<AssessmentFunction, Record<string, number>>> = {};
  for (const fn of instrument.functions) {
    const members = individual.filter((r) => r.function === fn);
    if (members.length === 0) continue;
    const names = Object.keys(instrument.forms[fn] ?? {});
    const scores = Object.fromEntries(names.map((n) => [n, mean(members.map((m) => m.scores[n] ?? 0))]));
    team[fn] = scores;
    const only = scores.items;
    byFunction[fn] =
      sectioned || only === undefined
        ? {
            respondents: members.length,
            sections: Object.fromEntries(
              Object.entries(scores).map(([n, s]) => [n, { score: round(s), band: bandOf(s) }]),
            ),
          }
        : { respondents: members.length, score: round(only), band: bandOf(only) };
  }

  const sales = team.sales;
  const marketing = team.marketing;
  let gap: AssessmentResult['gap'];
  if (sales && marketing) {
    const shared = Object.keys(sales).filter((n) => n in marketing);
    gap = sectioned
      ? Object.fromEntries(shared.map((n) => [n, round((sales[n] ?? 0) - (marketing[n] ?? 0))]))
      : round((sales.items ?? 0) - (marketing.items ?? 0));
  }

  const flags: string[] = [];
  // Worldview: a high self-view is a claim to control; both functions claiming it is a power struggle.
  if (
    instrument.key === 'c3:worldview' &&
    sales?.self !== undefined &&
    marketing?.self !== undefined &&
    collaborationBand(sales.self) === 'high' &&
    collaborationBand(marketing.self) === 'high'
  ) {
    flags.push('power_struggle');
  }

  const maturity = instrument.key === 'maturity';
  const sums = individual.map((r) => r.scores.items ?? 0);
  return {
    ok: true,
    value: {
      ...(maturity
        ? {
            respondents: sums.map((s) => ({ score: s, band: bandOf(s) })),
            overall: { mean: round(mean(sums)), band: bandOf(mean(sums)) },
          }
        : {}),
      byFunction,
      ...(gap === undefined ? {} : { gap }),
      flags,
    },
  };
}

function firstForm(instrument: Instrument): Readonly<Record<string, readonly string[]>> {
  return Object.values(instrument.forms)[0] ?? {};
}

/** One respondent's answers, by section, once each is checked; null (with issues added) otherwise. */
function sectionsOf(
  instrument: Instrument,
  fn: AssessmentFunction,
  answers: unknown,
  index: number,
  issues: ValidationIssue[],
): Record<string, number[]> | null {
  const who = `respondent ${index + 1} (${fn})`;
  const form = instrument.forms[fn];
  if (!form || !instrument.functions.includes(fn)) {
    issues.push({
      path: `respondents[${index}].function`,
      message: `${who}: ${instrument.key} is answered by ${instrument.functions.join(' and ')} only`,
    });
    return null;
  }
  const names = Object.keys(form);
  const plain = names.length === 1 && names[0] === 'items';
  const given: Record<string, unknown> = plain ? { items: answers } : (answers as Record<string, unknown>);
  if (!plain && (typeof answers !== 'object' || answers === null || Array.isArray(answers))) {
    issues.push({
      path: `respondents[${index}].answers`,
      message: `${who}: ${instrument.key} answers are sections { ${names.join(', ')} }, each a list of item answers`,
    });
    return null;
  }
  const extra = Object.keys(given).filter((k) => !names.includes(k));
  for (const k of extra) {
    issues.push({
      path: `respondents[${index}].answers.${k}`,
      message: `${who}: ${instrument.key} has no section "${k}"`,
    });
  }
  const result: Record<string, number[]> = {};
  for (const name of names) {
    const items = form[name] ?? [];
    const list = given[name];
    const where = plain ? `respondents[${index}].answers` : `respondents[${index}].answers.${name}`;
    const what = plain ? instrument.key : `${instrument.key} ${name}`;
    if (!Array.isArray(list)) {
      issues.push({ path: where, message: `${who}: ${what} needs a list of ${items.length} answers` });
      continue;
    }
    if (list.length !== items.length) {
      issues.push({
        path: where,
        message: `${who}: ${what} has ${items.length} items for ${fn}; got ${list.length} answers`,
      });
      continue;
    }
    const { min, max } = instrument.scale;
    list.forEach((a, item) => {
      if (!Number.isInteger(a) || (a as number) < min || (a as number) > max) {
        issues.push({
          path: `${where}[${item}]`,
          message: `${who}, ${plain ? '' : `${name} `}item ${item + 1}: ${JSON.stringify(a)} is not a whole number from ${min} to ${max}`,
        });
      }
    });
    result[name] = list as number[];
  }
  return result;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  );
}
