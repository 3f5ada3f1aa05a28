import pg from 'pg';

/**
 * A pg pool that never loses a client to a transaction whose BEGIN fails. drizzle-orm 0.45 sends
 * a pooled transaction's BEGIN before the try/finally that releases the client
 * (drizzle-team/drizzle-orm#6241), so a connection that dies between checkout and BEGIN (a server
 * restart, a failover) stays checked out for good: the pool shrinks and `end()` waits forever.
 * Clients checked out for a transaction release themselves, with the error so the pool destroys
 * them, when BEGIN is refused. Remove once drizzle releases the client itself.
 */
export class ReleasingPool extends pg.Pool {
  // pg-pool's own `query` checks out with a callback and releases on failure itself; only the
  // promise form, which drizzle's transactions use, needs the guard.
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return super.connect().then(releaseWhenBeginFails);
  }
}

function isBegin(query: unknown): boolean {
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' && /^\s*begin\b/i.test(text);
}

function releaseWhenBeginFails(client: pg.PoolClient): pg.PoolClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'query') {
        return (...args: unknown[]) => {
          const result = (target.query as (...a: unknown[]) => unknown)(...args);
          if (!isBegin(args[0]) || !(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            target.release(error instanceof Error ? error : new Error(String(error)));
            throw error;
          });
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
