import type { BackfillRun } from '../../../store/backfill-runs.ts';

/** Where progress goes: stderr, which is a terminal (a redrawn bar) or a log file (plain lines). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporter {
  update(run: BackfillRun): void;
  /** Leaves the last state on screen and ends the bar's line. */
  done(): void;
}

const BAR_WIDTH = 24;
const REDRAW_EVERY_MS = 100;

/**
 * Progress of one backfill. On a terminal a bar redrawn in place at most every 100 ms; otherwise
 * (CI, a log file) one plain line every `plainEveryMs`, so logs stay readable. The rate counts
 * only what this process imported, so a resumed run does not claim the earlier run's work.
 */
export function createProgressReporter(options: {
  readonly stream: ProgressStream;
  readonly portal: string;
  readonly clock?: () => number;
  readonly plainEveryMs?: number;
}): ProgressReporter {
  const { stream, portal } = options;
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
    const line = describe(run, portal, rate(run), tty);
    stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const rate = (run: BackfillRun) => {
    const seconds = (clock() - startedMs) / 1000;
    return seconds > 0 ? (run.imported - (importedAtStart ?? run.imported)) / seconds : 0;
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

function describe(run: BackfillRun, portal: string, perSecond: number, tty: boolean): string {
  const total = run.expectedTotal;
  const share = total ? Math.min(1, run.imported / total) : run.finishedAt ? 1 : 0;
  const percent = `${Math.floor(share * 100)}%`;
  const counts = total ? `${count(run.imported)}/${count(total)}` : count(run.imported);
  const slices = `slice ${Math.min(run.slicesDone + 1, run.slicesDone + run.slices.length)}/${run.slicesDone + run.slices.length}`;
  const left = total && perSecond > 0 ? Math.max(0, total - run.imported) / perSecond : null;
  const details = [
    `${counts} contacts`,
    slices,
    `${Math.round(perSecond)}/s`,
    ...(left === null || run.finishedAt ? [] : [`ETA ${Math.ceil(left)}s`]),
  ].join(' · ');
  if (!tty) return `backfill portal ${portal}: ${percent} ${details}`;
  const filled = Math.round(share * BAR_WIDTH);
  return `portal ${portal} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${percent} ${details}`;
}

const count = (n: number) => n.toLocaleString('en-US');
