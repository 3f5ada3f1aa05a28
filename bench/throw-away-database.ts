import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
