import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { BatonError } from '../errors.ts';

export const LOCK_FILE = 'baton.lock';

/** Who holds an embedded data directory, as written into its lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holding process started: tells it from an earlier process that had the same pid. */
  readonly processStarted: string;
  readonly command: string;
  readonly since: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** PGlite is one PostgreSQL backend inside one process: a second process on the same files corrupts them. */
export class DataDirLockedError extends BatonError {
  readonly holder: LockHolder;

  constructor(dataDir: string, holder: LockHolder) {
    const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
    super(
      'data_dir_locked',
      `The embedded database in ${dataDir} is in use by process ${holder.pid}${where} ` +
        `(${holder.command}, since ${holder.since}); embedded PostgreSQL serves one process at a time. ` +
        `Stop that process (Ctrl-C where it runs, or kill ${holder.pid}) and run this again, ` +
        'or run every process against a PostgreSQL server with DATABASE_URL.',
      { retry: 'retry_later', status: 503 },
    );
    this.holder = holder;
  }
}

const TAKEOVER_ATTEMPTS = 3;
/** The same for every thread of this process; clocks read it within milliseconds of each other. */
const PROCESS_STARTED_MS = Date.now() - process.uptime() * 1000;
const SAME_START_TOLERANCE_MS = 2_000;

/**
 * Takes `dataDir` for this process until `release`. The lock file is created exclusively and names
 * its holder; a lock whose process is gone (crash, kill -9, a container restarted under the same
 * pid) is taken over. To take over, the stale file is first renamed aside, so of two processes
 * racing for it only one removes it and the other finds the winner's fresh lock.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    host: hostname(),
    processStarted: new Date(PROCESS_STARTED_MS).toISOString(),
    // The script and its command only: later arguments are the operator's business.
    command: process.argv.slice(1, 3).join(' ') || 'node',
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt += 1) {
    if (await createExclusively(path, mine)) {
      let held = true;
      return {
        release: async () => {
          if (!held) return;
          held = false;
          await unlink(path).catch(ignoreMissing);
        },
      };
    }
    const holder = await readHolder(path);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    await takeOverStale(path, holder);
  }
  throw new Error(`Could not take the lock ${path}: other processes keep taking it; try again`);
}

/**
 * The lock appears whole or not at all: it is written aside, then hard-linked into place, which
 * fails if a lock exists. A reader therefore never mistakes a lock being written for garbage.
 */
async function createExclusively(path: string, holder: LockHolder): Promise<boolean> {
  const text = `${JSON.stringify(holder)}\n`;
  const draft = `${path}.${process.pid}-${threadId}.new`;
  await writeFile(draft, text, { mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems have no hard links; an exclusive create is nearly as good there.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createWithoutLink(path, text);
    throw error;
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
}

async function createWithoutLink(path: string, text: string): Promise<boolean> {
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A half-written or foreign file cannot name a live holder, so it counts as stale. */
async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(parsed.pid) || typeof parsed.host !== 'string') return 'unreadable';
    return {
      pid: parsed.pid as number,
      host: parsed.host,
      processStarted: String(parsed.processStarted ?? ''),
      command: String(parsed.command ?? 'unknown command'),
      since: String(parsed.since ?? 'an unknown time'),
    };
  } catch {
    return 'unreadable';
  }
}

/**
 * Another machine's process cannot be checked, so its lock holds. This process's own pid in the
 * file is this process (any of its threads) only if it started when this one did; otherwise it
 * was an earlier process with the same pid, as in a restarted container.
 */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) {
    const started = Date.parse(holder.processStarted);
    return Math.abs(started - PROCESS_STARTED_MS) < SAME_START_TOLERANCE_MS;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function takeOverStale(path: string, seen: LockHolder | 'unreadable'): Promise<void> {
  const aside = `${path}.${process.pid}-${threadId}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    ignoreMissing(error);
    return;
  }
  const moved = await readHolder(aside);
  const sameStaleLock =
    moved === 'unreadable' ||
    (moved !== 'missing' && seen !== 'unreadable' && moved.pid === seen.pid && moved.since === seen.since);
  // Between reading and renaming, another process may have taken over and written a live lock: put it back.
  if (!sameStaleLock && moved !== 'missing') await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
