import type { Environment } from '../../../config/environment.ts';

/** What Baton reads and writes (PLATFORMS.md): contacts, their property schema, owners. */
export const HUBSPOT_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.objects.owners.read',
];

/** Granted where the portal has the Lead object; the backfill then reads Leads too. */
export const HUBSPOT_LEADS_READ_SCOPE = 'crm.objects.leads.read';

/** The Lead object exists only on Sales Hub Pro and above; portals without it still install. */
export const HUBSPOT_OPTIONAL_SCOPES: readonly string[] = [
  HUBSPOT_LEADS_READ_SCOPE,
  'crm.objects.leads.write',
];

export const HUBSPOT_INSTALL_PATH = '/oauth/hubspot/install';
export const HUBSPOT_CALLBACK_PATH = '/oauth/hubspot/callback';
export const HUBSPOT_DISCONNECT_PATH = '/oauth/hubspot/disconnect';

export interface HubSpotOAuthConfig {
  /** Unset until the operator configures the HubSpot app; the routes then answer 503. */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly publicBaseUrl: string;
  readonly apiBaseUrl: string;
  readonly authorizeUrl: string;
  readonly scopes: readonly string[];
  readonly optionalScopes: readonly string[];
}

/** The HubSpot app's credentials once both are configured. */
export interface HubSpotAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiBaseUrl: string;
}

export function hubSpotOAuthConfig(
  env: Pick<
    Environment,
    | 'HUBSPOT_CLIENT_ID'
    | 'HUBSPOT_CLIENT_SECRET'
    | 'PUBLIC_BASE_URL'
    | 'HUBSPOT_API_BASE_URL'
    | 'HUBSPOT_AUTHORIZE_URL'
  >,
): HubSpotOAuthConfig {
  return {
    clientId: env.HUBSPOT_CLIENT_ID,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    apiBaseUrl: env.HUBSPOT_API_BASE_URL,
    authorizeUrl: env.HUBSPOT_AUTHORIZE_URL,
    scopes: HUBSPOT_SCOPES,
    optionalScopes: HUBSPOT_OPTIONAL_SCOPES,
  };
}

export function hubSpotAppCredentials(config: HubSpotOAuthConfig): HubSpotAppCredentials | null {
  if (!config.clientId || !config.clientSecret) return null;
  return { clientId: config.clientId, clientSecret: config.clientSecret, apiBaseUrl: config.apiBaseUrl };
}

/** Must match, byte for byte, a redirect URL registered in the HubSpot app. */
export function hubSpotRedirectUri(config: Pick<HubSpotOAuthConfig, 'publicBaseUrl'>): string {
  return `${config.publicBaseUrl.replace(/\/+$/, '')}${HUBSPOT_CALLBACK_PATH}`;
}

/** HubSpot's authorize URL for one authorization, the app's scopes always asked for (install or sign-in). */
export function hubSpotAuthorizeUrl(
  config: Pick<HubSpotOAuthConfig, 'authorizeUrl' | 'scopes' | 'optionalScopes'>,
  request: { readonly clientId: string; readonly redirectUri: string; readonly state: string },
): string {
  const query = [
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['scope', config.scopes.join(' ')],
    ...(config.optionalScopes.length > 0 ? [['optional_scope', config.optionalScopes.join(' ')]] : []),
    ['state', request.state],
  ]
    // HubSpot's own examples encode scope lists with %20, not the `+` URLSearchParams would use.
    .map(([name, value]) => `${name}=${encodeURIComponent(value ?? '')}`)
    .join('&');
  return `${config.authorizeUrl}?${query}`;
}
