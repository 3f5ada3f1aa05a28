import type { BackfillRun } from '../../../store/backfill-runs.ts';
import type { ProgressReporter, ProgressStream } from '../../hubspot/backfill/backfill-progress.ts';
import { jobPositionOf, phaseOf } from './backfill-position.ts';

export type { ProgressReporter, ProgressStream };

const BAR_WIDTH = 24;
const REDRAW_EVERY_MS = 100;

/**
 * Progress of one org's backfill, drawn like the HubSpot backfill's: on a terminal a bar redrawn
 * in place at most every 100 ms, otherwise one plain line every `plainEveryMs`. It shows the
 * Leads imported of those the Lead job found, which job is running, the calls made, and the rate
 * of this process alone, so a resumed run does not claim the earlier run's work.
 */
export function createSalesforceProgressReporter(options: {
  readonly stream: ProgressStream;
  readonly org: string;
  readonly clock?: () => number;
  readonly plainEveryMs?: number;
}): ProgressReporter {
  const { stream, org } = options;
  const clock = options.clock ?? Date.now;
  const tty = stream.isTTY === true;
  const everyMs = tty ? REDRAW_EVERY_MS : (options.plainEveryMs ?? 5_000);
  const startedMs = clock();
  let importedAtStart: number | null = null;
  let last: BackfillRun | null = null;
  let shownMs = Number.NEGATIVE_INFINITY;
  let shownVersion = -1;

  const show = (run: BackfillRun) => {
    shownMs = clock();
    shownVersion = run.version;
    const seconds = (clock() - startedMs) / 1000;
    const perSecond = seconds > 0 ? (run.imported - (importedAtStart ?? run.imported)) / seconds : 0;
    const line = describe(run, org, perSecond, tty);
    stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };

  return {
    update(run) {
      importedAtStart ??= run.imported;
      last = run;
      if (clock() - shownMs >= everyMs) show(run);
    },
    done() {
      if (last && last.version !== shownVersion) show(last);
      if (tty && last) stream.write('\n');
    },
  };
}

function describe(run: BackfillRun, org: string, perSecond: number, tty: boolean): string {
  const total = run.expectedTotal;
  const share = run.finishedAt ? 1 : total ? Math.min(1, run.imported / total) : 0;
  const percent = `${Math.floor(share * 100)}%`;
  const counts = total === null ? count(run.imported) : `${count(run.imported)}/${count(total)}`;
  const left =
    total && perSecond > 0 && phaseOf(run) === 'leads' ? Math.max(0, total - run.imported) / perSecond : null;
  const details = [
    `${counts} Leads`,
    step(run),
    `${count(run.requests)} ${run.requests === 1 ? 'request' : 'requests'}`,
    `${Math.round(perSecond)}/s`,
    ...(left === null ? [] : [`ETA ${Math.ceil(left)}s`]),
  ].join(' · ');
  if (!tty) return `backfill org ${org}: ${percent} ${details}`;
  const filled = Math.round(share * BAR_WIDTH);
  return `org ${org} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${percent} ${details}`;
}

function step(run: BackfillRun): string {
  const phase = phaseOf(run);
  if (phase === null) return 'done';
  const position = jobPositionOf(run);
  const job = phase === 'leads' ? 'Lead job' : 'campaign member job';
  if (position === null) return `creating the ${job}`;
  if (position.locator === null) return `waiting for the ${job}`;
  return phase === 'leads' ? 'reading Leads' : `${count(position.read)} campaign members read`;
}

const count = (n: number) => n.toLocaleString('en-US');
