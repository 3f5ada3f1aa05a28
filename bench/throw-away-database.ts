import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/store/database.ts';
import type { BenchRow } from './table.ts';

/**
 * Runs `measure` on embedded PGlite in a fresh data directory and, given a server URL, on a fresh
 * throw-away database of that server; `measure` owns the database and closes it.
 */
export async function onEachEngine(
  options: { readonly databaseUrl?: string },
  measure: (label: 'pglite' | 'postgres', database: Database) => Promise<BenchRow[]>,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-bench-'));
  try {
    rows.push(...(await measure('pglite', await openDatabase({ dataDir }))));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  if (options.databaseUrl) {
    rows.push(
      ...(await onThrowAwayDatabase(options.databaseUrl, async (url) =>
        measure('postgres', await openDatabase({ databaseUrl: url, dataDir: 'unused' })),
      )),
    );
  }
  return rows;
}

/**
 * Runs a benchmark on a fresh database of the server at `serverUrl`, dropped afterwards whatever
 * happens, so runs never see each other's rows.
 */
export async function onThrowAwayDatabase<T>(
  serverUrl: string,
  run: (url: string) => Promise<T>,
): Promise<T> {
  const name = `baton_bench_${randomBytes(6).toString('hex')}`;
  await administer(serverUrl, `create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await administer(serverUrl, `drop database if exists ${name} with (force)`);
  }
}

/** The value below which a share `p` of the sorted values lies. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function administer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
