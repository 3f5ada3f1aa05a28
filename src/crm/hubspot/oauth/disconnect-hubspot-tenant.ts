import { AuthRevokedError, RateLimitedError, UpstreamUnavailableError } from '../../../errors.ts';
import type { Db } from '../../../store/database.ts';
import { retryAfterMs } from '../api/hubspot-http.ts';
import { HubSpotRejectionError, readHubSpotErrorBody } from '../api/hubspot-rejection.ts';
import type { HubSpotTokenProvider } from './hubspot-token-provider.ts';
import { uninstallHubSpotTenant } from './uninstall-hubspot-tenant.ts';

export const EXTERNAL_INSTALL_PATH = '/appinstalls/2026-03/external-install';
const OPERATION = `DELETE ${EXTERNAL_INSTALL_PATH}`;
const TIMEOUT_MS = 10_000;

export interface DisconnectOptions {
  readonly db: Db;
  readonly tokens: HubSpotTokenProvider;
  readonly apiBaseUrl: string;
  readonly clock: () => Date;
  readonly fetch?: typeof fetch;
  readonly actor: string;
}

/**
 * Uninstalls Baton from the portal at HubSpot (its admins get an email), then stops calling it
 * here. The token names the portal; HubSpot answers 204. A 401 gets one retry with a refreshed
 * token; a refresh HubSpot refuses means the portal had already uninstalled Baton, which the
 * token provider has recorded. Anything else leaves the tenant as it was, so the admin can retry.
 */
export async function disconnectHubSpotTenant(options: DisconnectOptions, tenantId: string): Promise<void> {
  try {
    let token = await options.tokens.getAccessToken(tenantId);
    let response = await deleteInstall(options, token);
    if (response.status === 401) {
      token = await options.tokens.forceRefresh(tenantId);
      response = await deleteInstall(options, token);
    }
    await throwUnlessDone(options, response);
  } catch (error) {
    if (!(error instanceof AuthRevokedError)) throw error;
  }
  await uninstallHubSpotTenant(options.db, tenantId, {
    actor: options.actor,
    now: options.clock(),
    reason: 'disconnected_by_admin',
  });
}

async function deleteInstall(options: DisconnectOptions, token: string): Promise<Response> {
  try {
    return await (options.fetch ?? fetch)(
      `${options.apiBaseUrl.replace(/\/+$/, '')}${EXTERNAL_INSTALL_PATH}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
  } catch (cause) {
    throw new UpstreamUnavailableError(`could not reach HubSpot for ${OPERATION}`, cause);
  }
}

async function throwUnlessDone(options: DisconnectOptions, response: Response): Promise<void> {
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const error = readHubSpotErrorBody(parseJson(text));
  if (response.status === 401) {
    throw new AuthRevokedError(
      `HubSpot refused ${OPERATION} even with a refreshed token (${error.category})`,
    );
  }
  if (response.status === 429) {
    throw new RateLimitedError(
      `HubSpot rate-limited ${OPERATION}`,
      retryAfterMs(response.headers.get('retry-after'), error.policyName, options.clock()),
    );
  }
  if (response.status >= 500) {
    throw new UpstreamUnavailableError(`HubSpot answered ${response.status} to ${OPERATION}`);
  }
  throw new HubSpotRejectionError(OPERATION, response.status, error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
