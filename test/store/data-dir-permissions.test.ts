import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEncryptionKey } from '../../src/config/encryption-key.ts';
import { parseEnvironment } from '../../src/config/environment.ts';
import { createLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/store/database.ts';

/** Every path under `dir` (and `dir` itself) whose mode lets group or others in, with that mode. */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string) => {
    const stat = await lstat(path);
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of await readdir(path)) await visit(join(path, name));
  };
  await visit(dir);
  return found;
}

async function countEntries(dir: string): Promise<number> {
  return (await readdir(dir, { recursive: true })).length;
}

describe('embedded data directory permissions', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'baton-perms-'));
    // mkdtemp makes its folder 0700; the data directory inside is what Baton must protect itself.
    await chmod(root, 0o755);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates a fresh database readable by its owner only, and keeps what it writes that way', async () => {
    const dataDir = join(root, 'fresh', 'pglite');
    const database = await openDatabase({ dataDir });
    await database.db.execute(sql`create table scratch (id int primary key, note text)`);
    await database.db.execute(
      sql`insert into scratch select n, repeat('x', 200) from generate_series(1, 5000) as n`,
    );
    await database.db.execute(sql`checkpoint`);
    await database.reclaimSpace({ refreshStatistics: true });
    await database.close();
    expect(await countEntries(dataDir)).toBeGreaterThan(500);
    expect(await openToOthers(dataDir)).toEqual([]);
  });

  it('closes up a data directory an older install left open', async () => {
    const dataDir = join(root, 'old');
    const old = await PGlite.create(dataDir);
    await old.close();
    await writeFile(join(dataDir, 'notes.txt'), 'left by an operator');
    execFileSync('chmod', ['-R', 'go+rwX', dataDir]);
    expect((await openToOthers(dataDir)).length).toBeGreaterThan(500);

    const database = await openDatabase({ dataDir });
    await database.close();
    expect(await openToOthers(dataDir)).toEqual([]);
  });

  it('writes the development key into a private directory', async () => {
    const dataDir = join(root, 'keys');
    await mkdir(dataDir, { mode: 0o755 });
    const logger = createLogger({
      level: 'silent',
      destination: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    const env = parseEnvironment({ BATON_DATA_DIR: dataDir });
    const key = await resolveEncryptionKey(env, logger);
    expect(await openToOthers(dataDir)).toEqual([]);
    expect(await resolveEncryptionKey(env, logger)).toBe(key);
  });
});
