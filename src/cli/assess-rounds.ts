import type { Actor } from '../api/actor.ts';
import {
  assessmentRoundView,
  closeAssessmentRound,
  listAssessmentRounds,
  openAssessmentRound,
} from '../api/assessments/assessment-rounds.ts';
import type { RoundResults } from '../core/assessment/round-results.ts';
import { InputInvalidError, NotFoundError } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { tenantNamed } from './tenant-named.ts';

/** Whoever runs the CLI holds the database: they act as an admin, recorded as `cli`. */
const OPERATOR: Actor = { id: 'cli', roles: new Set(['admin']) };

export interface AssessRoundOptions {
  readonly tenant: string | undefined;
  readonly instrument?: string | undefined;
  readonly invite?: string | undefined;
  readonly name?: string | undefined;
  readonly round?: string | undefined;
  readonly json: boolean;
  readonly publicBaseUrl: string;
}

/**
 * `baton assess open|rounds|results|close`: the assessments API for an operator. `open` prints
 * each respondent's link once (Baton keeps only their hashes); `--invite sales=5,marketing@manager=2`
 * names how many of each function (and level) to invite.
 */
export async function assessRounds(
  db: Db,
  subcommand: 'open' | 'rounds' | 'results' | 'close',
  options: AssessRoundOptions,
  out: (text: string) => void,
): Promise<void> {
  const tenant = await tenantNamed(db, options.tenant);
  const now = new Date();
  switch (subcommand) {
    case 'open': {
      const opened = await openAssessmentRound(
        db,
        tenant,
        OPERATOR,
        {
          instrument: options.instrument,
          invitations: invitationsOf(options.invite),
          ...(options.name ? { name: options.name } : {}),
        },
        { now, publicBaseUrl: options.publicBaseUrl },
      );
      if (options.json) return out(JSON.stringify(opened, null, 2));
      out(`opened "${opened.round.name}" (${opened.round.id}); send each person their own link:`);
      for (const link of opened.links)
        out(`  ${link.function}${link.level ? `@${link.level}` : ''}  ${link.url}`);
      return;
    }
    case 'rounds': {
      const listed = await listAssessmentRounds(db, tenant, now);
      if (options.json) return out(JSON.stringify(listed, null, 2));
      for (const r of listed.rounds)
        out(
          `${r.id}  ${r.status.padEnd(6)}  ${r.instrument.padEnd(18)}  ${r.answered}/${r.invited} answered  ${r.name}`,
        );
      for (const [instrument, next] of Object.entries(listed.nextRounds))
        out(
          `next ${instrument} round: ${next.state.replace('_', ' ')} (${new Date(next.from).toISOString().slice(0, 10)} to ${new Date(next.by).toISOString().slice(0, 10)})`,
        );
      return;
    }
    case 'results': {
      if (!options.round) throw new InputInvalidError('assess results needs --round <id>');
      const view = await assessmentRoundView(db, tenant, options.round, now).catch(asBadInput);
      if (options.json) return out(JSON.stringify(view, null, 2));
      out(`${view.round.name}: ${view.round.answered} of ${view.round.invited} answered`);
      for (const line of describeResults(view.results)) out(line);
      const b = view.behaviour;
      out(
        `  behaviour, 90 days before: ${b.handedOff} hand-offs, acceptance ${b.acceptanceRate ?? '–'}, median answer ${b.handoffLagMinutesP50 ?? '–'} min, untouched ${b.untouchedShare ?? '–'}, notes answered ${b.feedback.answeredShare ?? '–'} of ${b.feedback.given}`,
      );
      if (view.selfRating.aheadOfBehaviour)
        out(`  flag: self-ratings run ahead of behaviour: ${view.selfRating.poorSignals.join('; ')}`);
      return;
    }
    case 'close': {
      if (!options.round) throw new InputInvalidError('assess close needs --round <id>');
      const closed = await closeAssessmentRound(db, tenant, OPERATOR, options.round, now).catch(asBadInput);
      return out(`closed "${closed.name}"`);
    }
  }
}

function describeResults(results: RoundResults): string[] {
  const lines: string[] = [];
  if (results.overall)
    lines.push(`  overall: ${results.overall.score} ${results.overall.band}: ${results.overall.meaning}`);
  for (const [group, result] of [
    ...Object.entries(results.byFunction),
    ...Object.entries(results.byLevel).map(([level, r]) => [`level ${level}`, r] as const),
  ]) {
    if (!result.shown) {
      lines.push(`  ${group}: ${result.respondents} answered, not shown`);
      continue;
    }
    if (result.score !== undefined)
      lines.push(`  ${group} (${result.respondents}): ${result.score} ${result.band}`);
    for (const [section, s] of Object.entries(result.sections ?? {}))
      lines.push(`  ${group} (${result.respondents}), ${section}: ${s.score} ${s.band}`);
  }
  if (results.gap !== null) lines.push(`  gap, sales minus marketing: ${JSON.stringify(results.gap)}`);
  if (results.levelGap)
    lines.push(
      `  level gap: ${results.levelGap.highest} − ${results.levelGap.lowest} = ${results.levelGap.gap}`,
    );
  for (const flag of results.flags) lines.push(`  flag: ${flag}`);
  return lines;
}

/** A round id the tenant does not have is a mistake in the command, like any other bad input. */
function asBadInput(error: unknown): never {
  throw error instanceof NotFoundError ? new InputInvalidError(error.message) : error;
}

/** `sales=5,marketing@manager=2`: counts per function, optionally per level. */
function invitationsOf(text: string | undefined): unknown[] {
  if (!text) throw new InputInvalidError('assess open needs --invite, e.g. sales=5,marketing=5');
  return text.split(',').map((part) => {
    const match = /^([a-z]+)(?:@([^=]+))?=(\d+)$/.exec(part.trim());
    if (!match) throw new InputInvalidError(`--invite "${part}" is not function[@level]=count`);
    const [, fn, level, count] = match;
    return { function: fn, ...(level ? { level } : {}), count: Number(count) };
  });
}
