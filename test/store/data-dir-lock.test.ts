import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE } from '../../src/store/data-dir-lock.ts';
import { openDatabase } from '../../src/store/database.ts';

/** The pid of a process that has exited, so no process has it (barring reuse within the test). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

const lockOf = async (dataDir: string) => JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));

describe('embedded data directory lock', () => {
  let root = '';
  let dataDir = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'baton-lock-'));
    dataDir = join(root, 'data');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses a second opener, naming the holder and what to do, until the first closes', async () => {
    const first = await openDatabase({ dataDir });
    const second = openDatabase({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    const message = await second.catch((error: Error) => error.message);
    expect(message).toContain(`The embedded database in ${dataDir} is in use by process ${process.pid}`);
    expect(message).toContain(`kill ${process.pid}`);
    expect(message).toContain('DATABASE_URL');
    expect(await lockOf(dataDir)).toMatchObject({ pid: process.pid, host: hostname() });
    // The refused opener did not disturb the holder.
    await expect(first.ping()).resolves.toBeUndefined();

    await first.close();
    await expect(stat(join(dataDir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await openDatabase({ dataDir });
    await again.ping();
    await again.close();
  });

  it.each([
    ['a process that has exited', async () => ({ pid: await deadPid(), host: hostname() })],
    // A container restarted under the same pid finds its own pid in the lock it left.
    ['an earlier process with this pid', async () => ({ pid: process.pid, host: hostname() })],
  ])('takes over a stale lock left by %s', async (_what, holder) => {
    const stale = {
      ...(await holder()),
      processStarted: '2026-03-01T00:00:00.000Z',
      command: 'src/main.ts',
      since: '2026-03-01T00:00:00.000Z',
    };
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(stale));
    const database = await openDatabase({ dataDir });
    expect(await lockOf(dataDir)).toMatchObject({
      pid: process.pid,
      since: expect.not.stringMatching(stale.since),
    });
    await database.close();
  });

  it('takes over a lock file that names nobody', async () => {
    await writeFile(join(dataDir, LOCK_FILE), 'not a lock');
    const database = await openDatabase({ dataDir });
    expect(await lockOf(dataDir)).toMatchObject({ pid: process.pid });
    await database.close();
  });

  it("keeps another machine's lock: its process cannot be checked from here", async () => {
    const foreign = {
      pid: 4242,
      host: `not-${hostname()}`,
      command: 'src/main.ts',
      since: '2026-03-01T00:00:00.000Z',
    };
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify(foreign));
    await expect(openDatabase({ dataDir })).rejects.toThrow(`in use by process 4242 on ${foreign.host}`);
    expect(await lockOf(dataDir)).toEqual(foreign);
    await rm(join(dataDir, LOCK_FILE));
  });
});
