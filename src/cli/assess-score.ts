import { readFile } from 'node:fs/promises';
import { INTERPRETATIONS } from '../core/assessment/bands.ts';
import { INSTRUMENTS, type InstrumentKey } from '../core/assessment/instruments.ts';
import { type AssessmentResult, scoreAssessment } from '../core/assessment/score-assessment.ts';
import { InputInvalidError } from '../errors.ts';

/**
 * `baton assess score --file answers.json [--json]`: scores answers collected elsewhere. With
 * `--json`, one JSON object on stdout (the contract in the README); without it, the same for
 * people, with what each band means. Bad input prints nothing on stdout and exits non-zero.
 */
export async function assessScore(
  file: string | undefined,
  json: boolean,
  out: (text: string) => void,
): Promise<void> {
  if (!file) throw new InputInvalidError('assess score needs --file <answers.json>', []);
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not JSON' : 'cannot be read';
    throw new InputInvalidError(`${file} ${reason}`, []);
  }
  const scored = scoreAssessment(input);
  if (!scored.ok) {
    throw new InputInvalidError(
      `the answers were not scored:\n${scored.issues.map((i) => `  ${i.message}${i.path ? ` (${i.path})` : ''}`).join('\n')}`,
      scored.issues,
    );
  }
  const key = (input as { instrument: InstrumentKey }).instrument;
  out(json ? JSON.stringify(scored.value) : describe(key, scored.value));
}

function describe(key: InstrumentKey, result: AssessmentResult): string {
  const meaning = INTERPRETATIONS[key];
  const lines = [`${INSTRUMENTS[key].name} (${key})`];
  if (result.overall) {
    lines.push(
      `  overall: ${result.overall.mean} ${result.overall.band}: ${meaning[result.overall.band] ?? ''}`,
    );
  }
  for (const [fn, scores] of Object.entries(result.byFunction)) {
    if (scores.score !== undefined && scores.band !== undefined) {
      lines.push(
        `  ${fn} (${scores.respondents}): ${scores.score} ${scores.band}: ${meaning[scores.band] ?? ''}`,
      );
    }
    for (const [section, s] of Object.entries(scores.sections ?? {})) {
      lines.push(
        `  ${fn} (${scores.respondents}), ${section}: ${s.score} ${s.band}: ${meaning[s.band] ?? ''}`,
      );
    }
  }
  if (result.gap !== undefined) {
    const gap = typeof result.gap === 'number' ? String(result.gap) : JSON.stringify(result.gap);
    lines.push(`  gap, sales minus marketing: ${gap}`);
  }
  if (result.flags.includes('power_struggle')) {
    lines.push('  flag: power_struggle — both functions claim control of strategy');
  }
  return lines.join('\n');
}
