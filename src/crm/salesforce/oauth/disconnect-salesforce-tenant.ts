import { OAuth2 } from 'jsforce';
import { claimRefresh, loadCredentials } from '../../../store/credentials.ts';
import type { Db } from '../../../store/database.ts';
import type { TokenCipher } from '../../../store/token-cipher.ts';
import type { SalesforceAppCredentials } from './salesforce-oauth-config.ts';
import { uninstallSalesforceTenant } from './uninstall-salesforce-tenant.ts';

export const REVOKE_PATH = '/services/oauth2/revoke';

export interface DisconnectOptions {
  readonly db: Db;
  readonly cipher: TokenCipher;
  readonly app: SalesforceAppCredentials;
  readonly clock: () => Date;
  readonly actor: string;
  /** How long a refresh another process holds may delay the revocation. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  /** How long Salesforce may take to confirm the revocation. */
  readonly timeoutMs?: number;
}

/** Whether Salesforce confirmed the revocation; the tenant is uninstalled here either way. */
export type RevocationOutcome =
  | { readonly revoked: true }
  | { readonly revoked: false; readonly reason: string };

/**
 * Revokes Baton's refresh token at Salesforce, which also revokes every access token issued from
 * it (Salesforce help, "Revoke OAuth Tokens Programmatically": POST /services/oauth2/revoke,
 * 200 when done, 400 `invalid_token` when the token is already dead), then stops calling the org
 * here. The refresh lease is taken first, so a refresh under way elsewhere cannot rotate the
 * token between reading and revoking it. A revocation Salesforce does not confirm still
 * uninstalls locally: the outcome says so, and the org's admin can remove Baton's access in
 * Setup.
 */
export async function disconnectSalesforceTenant(
  options: DisconnectOptions,
  tenantId: string,
): Promise<RevocationOutcome> {
  await waitForRefreshLease(options, tenantId);
  const credentials = await loadCredentials(options.db, options.cipher, tenantId);
  const outcome: RevocationOutcome = credentials
    ? await revokeSalesforceToken(options.app, credentials.refreshToken, options.timeoutMs ?? 10_000)
    : { revoked: false, reason: 'Baton held no token for this org' };
  await uninstallSalesforceTenant(options.db, tenantId, {
    actor: options.actor,
    now: options.clock(),
    reason: 'disconnected_by_admin',
  });
  return outcome;
}

/** Revokes a token at Salesforce, within `timeoutMs`; the outcome says whether Salesforce confirmed it. */
export async function revokeSalesforceToken(
  app: SalesforceAppCredentials,
  refreshToken: string,
  timeoutMs: number,
): Promise<RevocationOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<RevocationOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ revoked: false, reason: `Salesforce did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const revoked = new OAuth2({ loginUrl: app.loginUrl, clientId: app.clientId })
    .revokeToken(refreshToken)
    .then((): RevocationOutcome => ({ revoked: true }), refusal);
  try {
    return await Promise.race([revoked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * jsforce names its error after the OAuth error code, or `ERROR_HTTP_<status>` with the raw body
 * as message when it cannot read one; a network failure is undici's TypeError. Only the code is
 * reported: nothing Salesforce echoes back can reach a page or a log.
 */
function refusal(error: unknown): RevocationOutcome {
  if (!(error instanceof Error) || error.name === 'TypeError') {
    return { revoked: false, reason: 'Salesforce could not be reached' };
  }
  const status = /^ERROR_HTTP_(\d{3})$/.exec(error.name)?.[1];
  const code = status ? (oauthErrorIn(error.message) ?? `HTTP ${status}`) : error.name;
  return { revoked: false, reason: `Salesforce refused the revocation (${code.slice(0, 64)})` };
}

function oauthErrorIn(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

async function waitForRefreshLease(options: DisconnectOptions, tenantId: string): Promise<void> {
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  for (let waited = 0; waited <= leaseMs; waited += pollMs) {
    if (await claimRefresh(options.db, tenantId, options.clock(), leaseMs)) return;
    if (!(await loadCredentials(options.db, options.cipher, tenantId))) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
