import type { Environment } from '../../../config/environment.ts';

export interface HubSpotWebhookConfig {
  /** Where HubSpot reaches Baton; the signed URL is rebuilt from it, never from Host headers. */
  readonly publicBaseUrl: string;
  /** Current client secret first, then the previous one while a rotation is under way. */
  readonly clientSecrets: readonly string[];
  /** When set, events of any other app are acknowledged and dropped. */
  readonly appId?: string | undefined;
}

export function hubSpotWebhookConfig(
  env: Pick<
    Environment,
    'PUBLIC_BASE_URL' | 'HUBSPOT_CLIENT_SECRET' | 'HUBSPOT_CLIENT_SECRET_PREVIOUS' | 'HUBSPOT_APP_ID'
  >,
): HubSpotWebhookConfig {
  return {
    publicBaseUrl: env.PUBLIC_BASE_URL,
    // The previous secret keeps deliveries signed before a rotation verifiable until it is removed.
    clientSecrets: [env.HUBSPOT_CLIENT_SECRET, env.HUBSPOT_CLIENT_SECRET_PREVIOUS].filter(
      (secret): secret is string => secret !== undefined,
    ),
    appId: env.HUBSPOT_APP_ID,
  };
}
