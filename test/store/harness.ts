import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/store/database.ts';

/**
 * The storage suite runs on embedded PGlite by default and on a real server when
 * BATON_TEST_DATABASE_URL is set; each opened store gets its own fresh database there.
 */
export const serverUrl = process.env.BATON_TEST_DATABASE_URL || undefined;
export const engineUnderTest = serverUrl ? 'postgres' : 'pglite';

export interface TestStore extends Database {
  /** The server database's URL, for another process to open; absent on PGlite. */
  readonly url?: string;
  /** Opens another independent connection pool on the same database (a second process). */
  openPeer(): Promise<Database>;
}

export async function openTestStore(): Promise<TestStore> {
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return {
      ...database,
      openPeer: () => Promise.reject(new Error('PGlite has a single connection; peers need a server')),
    };
  }
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  await administer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const peers: Database[] = [];
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' }).catch(
    async (error) => {
      await administer(serverUrl, `drop database if exists ${name} with (force)`);
      throw error;
    },
  );
  return {
    ...database,
    url: url.toString(),
    openPeer: async () => {
      const peer = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' });
      peers.push(peer);
      return peer;
    },
    close: async () => {
      await Promise.all([database, ...peers].map((d) => d.close()));
      await administer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
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
