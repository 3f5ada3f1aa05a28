import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ReleasingPool } from '../../src/store/releasing-pool.ts';

/**
 * A driver connection at pg's client boundary whose first BEGIN is refused, as a connection that
 * died between checkout and BEGIN refuses it. Everything above it (pg-pool, drizzle) is real.
 */
function flakyClientClass(log: { refused: number; ended: number; queries: string[] }) {
  let refuseNextBegin = true;
  return class FlakyClient extends EventEmitter {
    _queryable = true;
    _ending = false;
    connect(callback?: (error: Error | null) => void) {
      if (callback) return callback(null);
      return Promise.resolve();
    }
    query(query: string | { text: string }) {
      const text = typeof query === 'string' ? query : query.text;
      log.queries.push(text);
      if (/^begin/i.test(text) && refuseNextBegin) {
        refuseNextBegin = false;
        log.refused += 1;
        this._queryable = false;
        return Promise.reject(new Error('Connection terminated unexpectedly'));
      }
      return Promise.resolve({ command: 'SELECT', rowCount: 0, rows: [], fields: [] });
    }
    end(callback?: () => void) {
      log.ended += 1;
      this._ending = true;
      if (callback) return callback();
      return Promise.resolve();
    }
  };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ]);

describe('ReleasingPool', () => {
  it('gets back a client whose BEGIN was refused, so a pool of one still serves the next transaction', async () => {
    const log = { refused: 0, ended: 0, queries: [] as string[] };
    const pool = new ReleasingPool({ max: 1, Client: flakyClientClass(log) as unknown as typeof pg.Client });
    const db = drizzle({ client: pool });

    await expect(db.transaction((tx) => tx.execute(sql`select 1`))).rejects.toThrow();
    await within(
      db.transaction((tx) => tx.execute(sql`select 2`)),
      2_000,
    );
    await within(pool.end(), 2_000);

    expect(log.refused).toBe(1);
    // The refused connection was destroyed, not handed out again.
    expect(log.ended).toBe(2);
    expect(log.queries.filter((q) => /^(begin|commit)/i.test(q))).toEqual(['begin', 'begin', 'commit']);
  });
});
