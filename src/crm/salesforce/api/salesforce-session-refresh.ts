import type { Connection, Schema } from 'jsforce';
import { SessionRefreshDelegate } from 'jsforce/lib/session-refresh-delegate.js';
import { AuthRevokedError, UpstreamRejectedError } from '../../../errors.ts';

/**
 * Salesforce session timeouts are 15 minutes at the shortest (Metadata API guide,
 * ProfileSessionSetting: 15 to 1440), so a token refused within a minute of its own refresh was
 * not refused for expiry (an IP or session policy, say): asking again would loop.
 */
const FRESH_TOKEN_MS = 60_000;

/** Trades the access token Salesforce refused for a new one. */
export type RenewAccessToken = (rejected: string) => Promise<string>;

/**
 * jsforce's answer to a 401: every API family it offers (REST, SOQL, collections, Bulk 2.0) asks
 * its connection's refresh delegate for a new token and replays the call. Its own delegate keeps
 * no rotated refresh token, refreshes without regard to other processes, wraps every failure in
 * a plain Error and refreshes again on every further 401. This one renews through Baton's token
 * provider (lease, rotation, revocation), passes its errors on as they are, replays a call at
 * most once, and once the org has revoked Baton makes each later call fail before it is sent:
 * jsforce waits on a delegate that reports a refresh under way before it sends anything.
 */
export class TenantSessionRefresh extends SessionRefreshDelegate<Schema> {
  readonly #connection: Connection;
  readonly #renew: RenewAccessToken;
  #inFlight: Promise<void> | undefined;
  #lastRefreshedAt = 0;
  #revoked: AuthRevokedError | undefined;

  constructor(connection: Connection, renew: RenewAccessToken) {
    // jsforce calls this function only from the `refresh` overridden below; should that change,
    // it still renews through Baton's provider.
    super(connection, (conn, callback) => {
      renew(conn.accessToken ?? '').then(
        (token) => callback(null, token),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.#connection = connection;
    this.#renew = renew;
  }

  /** `since` is when jsforce sent the call Salesforce answered 401 (epoch ms). */
  override async refresh(since: number): Promise<void> {
    if (this.#revoked) throw this.#revoked;
    if (this.#inFlight) return this.#inFlight;
    // A refresh finished after the refused call was sent: the replay carries its token.
    if (this.#lastRefreshedAt > since) return;
    if (this.#lastRefreshedAt > 0 && Date.now() - this.#lastRefreshedAt < FRESH_TOKEN_MS) {
      throw new UpstreamRejectedError(
        'Salesforce refused an access token Baton had just refreshed (INVALID_SESSION_ID); check the org’s session and IP policies for Baton’s app',
      );
    }
    this.#inFlight = this.#renewNow().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  override isRefreshing(): boolean {
    return this.#inFlight !== undefined || this.#revoked !== undefined;
  }

  override async waitRefresh(): Promise<void> {
    if (this.#revoked) throw this.#revoked;
    await this.#inFlight;
  }

  async #renewNow(): Promise<void> {
    const conn = this.#connection;
    try {
      const token = await this.#renew(conn.accessToken ?? '');
      conn.accessToken = token;
      this.#lastRefreshedAt = Date.now();
      conn.emit('refresh', token);
    } catch (error) {
      if (error instanceof AuthRevokedError) this.#revoked = error;
      throw error;
    }
  }
}
