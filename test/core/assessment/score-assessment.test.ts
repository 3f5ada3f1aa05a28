import { describe, expect, it } from 'vitest';
import { collaborationBand, INTERPRETATIONS, maturityBand } from '../../../src/core/assessment/bands.ts';
import { INSTRUMENT_KEYS, INSTRUMENTS } from '../../../src/core/assessment/instruments.ts';
import { scoreAssessment } from '../../../src/core/assessment/score-assessment.ts';

const fill = (n: number, value: number) => Array.from({ length: n }, () => value);
/** n answers summing to `sum`, each within 1–max. */
function summingTo(n: number, sum: number, max: number): number[] {
  const answers = fill(n, 1);
  let rest = sum - n;
  for (let i = 0; i < n && rest > 0; i++) {
    const add = Math.min(max - 1, rest);
    answers[i] = 1 + add;
    rest -= add;
  }
  if (rest !== 0) throw new Error(`no ${n} answers of 1–${max} sum to ${sum}`);
  return answers;
}

function scored(input: unknown) {
  const result = scoreAssessment(input);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.value;
}

function refused(input: unknown) {
  const result = scoreAssessment(input);
  if (result.ok) throw new Error('expected the input to be refused');
  return result.issues;
}

describe('the alignment instruments', () => {
  it('ask the number of items the sources set, per function and section', () => {
    const counts = Object.fromEntries(
      INSTRUMENT_KEYS.map((key) => [
        key,
        Object.fromEntries(
          Object.entries(INSTRUMENTS[key].forms).map(([fn, sections]) => [
            fn,
            Object.fromEntries(Object.entries(sections ?? {}).map(([name, items]) => [name, items.length])),
          ]),
        ),
      ]),
    );
    expect(counts.maturity?.sales).toEqual({ items: 20 });
    expect(counts['c3:worldview']).toEqual({
      sales: { self: 7, other: 7 },
      marketing: { self: 6, other: 5 },
    });
    expect(counts['c3:connection']?.marketing).toEqual({ items: 10 });
    expect(counts['c3:communication']?.sales).toEqual({ items: 10 });
    expect(counts['c3:supportiveness']?.sales).toEqual({ items: 8 });
    expect(counts['c3:trust']?.management).toEqual({ items: 7 });
    expect(counts['c3:credibility']?.sales).toEqual({ items: 15 });
    expect(counts['c3:strategy-making']?.marketing).toEqual({
      development: 4,
      communication: 3,
      implementation: 3,
    });
    expect(counts['c3:buy-in']).toEqual({ sales: { items: 6 } });
  });

  it('explain every band of every instrument', () => {
    for (const key of INSTRUMENT_KEYS) {
      const bands =
        key === 'maturity' ? ['Undefined', 'Defined', 'Aligned', 'Integrated'] : ['low', 'middle', 'high'];
      expect(Object.keys(INTERPRETATIONS[key]).sort()).toEqual([...bands].sort());
    }
  });
});

describe('the maturity test', () => {
  it.each([
    [20, 'Undefined'],
    [39, 'Undefined'],
    [40, 'Defined'],
    [59, 'Defined'],
    [60, 'Aligned'],
    [79, 'Aligned'],
    [80, 'Integrated'],
    [100, 'Integrated'],
  ])('bands a sum of %i as %s', (sum, band) => {
    const result = scored({
      instrument: 'maturity',
      respondents: [{ function: 'sales', answers: summingTo(20, sum, 5) }],
    });
    expect(result.respondents).toEqual([{ score: sum, band }]);
    expect(maturityBand(sum)).toBe(band);
  });

  it('averages ten respondents to 56.6, Defined, as the Finnish thesis’s firms did', () => {
    // Ten sums with the thesis's mean; its individual scores are not in DOMAIN.md.
    const sums = [44, 48, 51, 53, 56, 58, 60, 62, 65, 69];
    expect(sums.reduce((s, x) => s + x, 0) / sums.length).toBe(56.6);
    const result = scored({
      instrument: 'maturity',
      respondents: sums.map((sum, i) => ({
        function: i % 2 ? 'sales' : 'marketing',
        answers: summingTo(20, sum, 5),
      })),
    });
    expect(result.overall).toEqual({ mean: 56.6, band: 'Defined' });
    expect(result.respondents?.map((r) => r.score)).toEqual(sums);
    expect(result.byFunction.marketing).toEqual({ respondents: 5, score: 55.2, band: 'Defined' });
    expect(result.byFunction.sales).toEqual({ respondents: 5, score: 58, band: 'Defined' });
    expect(result.gap).toBe(2.8);
  });
});

describe('the C3 tools', () => {
  it.each([
    [29, 'low'],
    [30, 'middle'],
    [45, 'middle'],
    [46, 'high'],
  ])('band a 10-item sum of %i as %s: means of exactly 3.0 and 4.5 are middle', (sum, band) => {
    const result = scored({
      instrument: 'c3:connection',
      respondents: [{ function: 'marketing', answers: summingTo(10, sum, 7) }],
    });
    expect(result.byFunction.marketing).toEqual({ respondents: 1, score: sum / 10, band });
  });

  it('decides the 4.5 edge on the mean itself, not on floating noise', () => {
    // Seven answers averaging 4.5 cannot exist; two respondents at 4.4286 and 4.5714 average 4.5.
    const result = scored({
      instrument: 'c3:trust',
      respondents: [
        { function: 'sales', answers: summingTo(7, 31, 7) },
        { function: 'sales', answers: summingTo(7, 32, 7) },
      ],
    });
    expect(result.byFunction.sales).toEqual({ respondents: 2, score: 4.5, band: 'middle' });
    expect(collaborationBand(4.5 + 1e-12)).toBe('middle');
  });

  it('scores a team as the mean of its individuals, and the gap as sales minus marketing', () => {
    const result = scored({
      instrument: 'c3:communication',
      respondents: [
        { function: 'sales', answers: fill(10, 6) },
        { function: 'sales', answers: fill(10, 4) },
        { function: 'marketing', answers: fill(10, 2) },
        { function: 'management', level: 'executive', answers: fill(10, 7) },
      ],
    });
    expect(result.byFunction).toEqual({
      sales: { respondents: 2, score: 5, band: 'high' },
      marketing: { respondents: 1, score: 2, band: 'low' },
      management: { respondents: 1, score: 7, band: 'high' },
    });
    expect(result.gap).toBe(3);
    expect(result.respondents).toBeUndefined();
  });

  it('scores strategy making per section, with no combined score', () => {
    const result = scored({
      instrument: 'c3:strategy-making',
      respondents: [
        {
          function: 'sales',
          answers: { development: [2, 2, 3, 3], communication: [5, 5, 5], implementation: [7, 6, 7] },
        },
        {
          function: 'marketing',
          answers: { development: [6, 6, 6, 6], communication: [4, 5, 6], implementation: [3, 3, 3] },
        },
      ],
    });
    expect(result.byFunction.sales).toEqual({
      respondents: 1,
      sections: {
        development: { score: 2.5, band: 'low' },
        communication: { score: 5, band: 'high' },
        implementation: { score: 6.67, band: 'high' },
      },
    });
    expect(result.byFunction.sales?.score).toBeUndefined();
    expect(result.gap).toEqual({ development: -3.5, communication: 0, implementation: 3.67 });
  });

  it('flags a power struggle when both functions rate their own view high, and not when one does', () => {
    const worldview = (salesSelf: number, marketingSelf: number) =>
      scored({
        instrument: 'c3:worldview',
        respondents: [
          { function: 'sales', answers: { self: fill(7, salesSelf), other: fill(7, 3) } },
          { function: 'marketing', answers: { self: fill(6, marketingSelf), other: fill(5, 4) } },
        ],
      });
    const both = worldview(6, 5);
    expect(both.flags).toEqual(['power_struggle']);
    expect(both.byFunction.marketing?.sections).toEqual({
      self: { score: 5, band: 'high' },
      other: { score: 4, band: 'middle' },
    });
    expect(both.gap).toEqual({ self: 1, other: -1 });
    expect(worldview(6, 4).flags).toEqual([]);
  });
});

describe('answers that cannot be scored', () => {
  it('names the respondent and the item of every bad answer, and scores nothing', () => {
    const issues = refused({
      instrument: 'c3:trust',
      respondents: [
        { function: 'sales', answers: [1, 2, 3, 4, 5, 6, 7] },
        { function: 'marketing', answers: [1, 2, 8, 4, 5, 0, 7] },
        { function: 'sales', answers: [1, 2, 3] },
      ],
    });
    expect(issues.map((i) => i.message)).toEqual([
      'respondent 2 (marketing), item 3: 8 is not a whole number from 1 to 7',
      'respondent 2 (marketing), item 6: 0 is not a whole number from 1 to 7',
      'respondent 3 (sales): c3:trust has 7 items for sales; got 3 answers',
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      'respondents[1].answers[2]',
      'respondents[1].answers[5]',
      'respondents[2].answers',
    ]);
  });

  it('refuses a function the instrument does not take, and sections where a list is due', () => {
    expect(
      refused({ instrument: 'c3:buy-in', respondents: [{ function: 'marketing', answers: fill(6, 4) }] })[0]
        ?.message,
    ).toBe('respondent 1 (marketing): c3:buy-in is answered by sales only');
    expect(
      refused({
        instrument: 'c3:worldview',
        respondents: [{ function: 'management', answers: { self: [], other: [] } }],
      })[0]?.message,
    ).toBe('respondent 1 (management): c3:worldview is answered by sales and marketing only');
    expect(
      refused({ instrument: 'c3:worldview', respondents: [{ function: 'sales', answers: fill(14, 4) }] })[0]
        ?.message,
    ).toBe(
      'respondent 1 (sales): c3:worldview answers are sections { self, other }, each a list of item answers',
    );
    expect(
      refused({
        instrument: 'c3:strategy-making',
        respondents: [
          {
            function: 'sales',
            answers: {
              development: fill(4, 4),
              communication: fill(3, 4),
              implementation: fill(3, 4),
              extra: [1],
            },
          },
        ],
      })[0]?.message,
    ).toBe('respondent 1 (sales): c3:strategy-making has no section "extra"');
    expect(refused({ instrument: 'c3:kindness', respondents: [] }).map((i) => i.path)).toEqual(
      expect.arrayContaining(['instrument', 'respondents']),
    );
    expect(
      refused({
        instrument: 'maturity',
        respondents: [{ function: 'sales', answers: [...fill(19, 3), 2.5] }],
      })[0]?.message,
    ).toBe('respondent 1 (sales), item 20: 2.5 is not a whole number from 1 to 5');
  });
});
