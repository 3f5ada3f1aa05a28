import type { Environment } from '../../../config/environment.ts';

/**
 * `api` for the REST calls, `refresh_token` so Baton can keep working after the session ends
 * (Salesforce help, "OAuth Tokens and Scopes").
 */
export const SALESFORCE_SCOPES: readonly string[] = ['api', 'refresh_token'];

export const SALESFORCE_INSTALL_PATH = '/oauth/salesforce/install';
export const SALESFORCE_CALLBACK_PATH = '/oauth/salesforce/callback';
export const SALESFORCE_DISCONNECT_PATH = '/oauth/salesforce/disconnect';

export interface SalesforceOAuthConfig {
  /** Unset until the operator configures the external client app; the routes then answer 503. */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** `https://login.salesforce.com`, `https://test.salesforce.com` for sandboxes, or a My Domain. */
  readonly loginUrl: string;
  readonly publicBaseUrl: string;
}

/** The external client app's credentials once both are configured. */
export interface SalesforceAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly loginUrl: string;
}

export function salesforceOAuthConfig(
  env: Pick<
    Environment,
    'SALESFORCE_CLIENT_ID' | 'SALESFORCE_CLIENT_SECRET' | 'SALESFORCE_LOGIN_URL' | 'PUBLIC_BASE_URL'
  >,
): SalesforceOAuthConfig {
  return {
    clientId: env.SALESFORCE_CLIENT_ID,
    clientSecret: env.SALESFORCE_CLIENT_SECRET,
    loginUrl: env.SALESFORCE_LOGIN_URL.replace(/\/+$/, ''),
    publicBaseUrl: env.PUBLIC_BASE_URL,
  };
}

export function salesforceAppCredentials(config: SalesforceOAuthConfig): SalesforceAppCredentials | null {
  if (!config.clientId || !config.clientSecret) return null;
  return { clientId: config.clientId, clientSecret: config.clientSecret, loginUrl: config.loginUrl };
}

/** Must match, byte for byte, a callback URL of the external client app. */
export function salesforceRedirectUri(config: Pick<SalesforceOAuthConfig, 'publicBaseUrl'>): string {
  return `${config.publicBaseUrl.replace(/\/+$/, '')}${SALESFORCE_CALLBACK_PATH}`;
}
