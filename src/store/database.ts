import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { ensurePrivateDirectory, restrictNewFiles, restrictTree } from './data-dir.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { ReleasingPool } from './releasing-pool.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The query layer both engines satisfy; repositories take this (or a transaction) first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Engine = 'pglite' | 'postgres';

/** Runs a hand-written statement; both drivers answer raw statements with `{ rows }`. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

/**
 * Serialises transactions that work on the same `key` (a record, a portal's install, a rate
 * limit) until the calling transaction ends, on both engines and across processes.
 */
export async function lockForTransaction(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** `lockForTransaction` for many keys in one statement, taken in sorted order so two callers never deadlock. */
export async function lockAllForTransaction(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort();
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
      from (select k from unnest(${sql.param(sorted)}::text[]) as k order by k) as ordered`,
  );
}

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Makes the space of deleted and updated rows reusable and, when asked, refreshes the planner's
   * statistics. PGlite is a single backend with no autovacuum, so without this its tables and
   * indexes only grow as the inbox churns; on a server autovacuum does it, and this does nothing.
   */
  reclaimSpace(options?: { readonly refreshStatistics?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL selects the server; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Embedded data directory; `memory://` keeps everything in memory (tests). */
  readonly dataDir: string;
  readonly poolSize?: number;
  /** Errors of idle pooled connections, e.g. when the server restarts. */
  readonly onConnectionError?: (error: Error) => void;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
/** Arbitrary constant shared by every Baton process so only one migrates a server at a time. */
const MIGRATION_LOCK_KEY = 4_201_774_011;

/** Opens the store on the configured engine and brings its schema up to date before returning. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openServer(options.databaseUrl, options) : openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string): Promise<Database> {
  // `memory://` and other schemes are not paths: nothing on disk to protect or share.
  if (dataDir.includes('://')) return startEmbedded(await PGlite.create(dataDir), async () => {});
  await ensurePrivateDirectory(dataDir);
  const lock = await lockDataDir(dataDir);
  try {
    restrictNewFiles();
    const database = await startEmbedded(await PGlite.create(dataDir), () => lock.release());
    // The initial cluster and files of older installs were readable by everyone.
    await restrictTree(dataDir).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
    return database;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startEmbedded(client: PGlite, release: () => Promise<void>): Promise<Database> {
  try {
    // PGlite runs on the request thread, so zero-filling each new 16 MB WAL segment stalled every
    // request for ~45 ms about once a second under webhook load. Off, a segment is sized by writing
    // its last byte; the data written to it is unchanged. PGlite is one session, so SET lasts.
    await client.exec('set wal_init_zero = off');
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      engine: 'pglite',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      reclaimSpace: async (options) => {
        // It blocks every request meanwhile: a vacuum with nothing to do takes ~1 ms, an analyze
        // ~0.4 s at 150 000 inbox rows, so statistics are refreshed only when the caller asks.
        await client.exec(options?.refreshStatistics ? 'vacuum (analyze)' : 'vacuum');
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function openServer(databaseUrl: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new ReleasingPool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  // pg reports failures of idle connections on the pool; without a listener Node would crash the
  // process. The pool has already discarded the broken connection, so the next query reconnects.
  pool.on('error', (error) => options.onConnectionError?.(error));
  // A connection killed while checked out (server restart, failover) emits on the client itself;
  // unheard, that would crash the process. Its query still fails and the caller retries.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  try {
    await migrateServer(pool);
    const db = drizzleNodePg({ client: pool, schema });
    return {
      db,
      engine: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      reclaimSpace: async () => {},
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw explainConnectionFailure(error);
  }
}

/** Keyed by Node socket codes and PostgreSQL SQLSTATEs. The URL is never echoed: it may hold a password. */
const CONNECTION_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED:
    'nothing is listening at the DATABASE_URL host and port; start PostgreSQL there, or unset DATABASE_URL to use the embedded database',
  ENOTFOUND: 'the DATABASE_URL host name does not resolve; check its spelling',
  '28P01': 'PostgreSQL rejected the DATABASE_URL user or password',
  '28000': 'PostgreSQL does not allow this DATABASE_URL user to connect (check pg_hba.conf)',
  '3D000': 'the database named in DATABASE_URL does not exist; create it first (e.g. createdb baton)',
};

function explainConnectionFailure(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const hint = typeof code === 'string' ? CONNECTION_HINTS[code] : undefined;
  return hint ? new Error(`Cannot open the PostgreSQL store: ${hint}`, { cause: error }) : error;
}

/**
 * Several web and worker processes may start at once against one server; a session-level
 * advisory lock on a dedicated connection makes them migrate one after another, and each later
 * one finds nothing left to do.
 */
async function migrateServer(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // Destroying the connection on failure also releases the advisory lock it may still hold.
    client.release(broken);
  }
}
