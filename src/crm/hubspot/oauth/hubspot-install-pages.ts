import { installRefusalPages } from '../../../oauth/install-refusal-pages.ts';
import type { CompletedInstall } from './complete-hubspot-install.ts';
import type { OAuthPage } from './oauth-pages.ts';

export const NOT_CONFIGURED: OAuthPage = {
  status: 503,
  code: 'hubspot_not_configured',
  title: 'HubSpot is not configured',
  message:
    'This Baton server has no HubSpot app credentials. An administrator must set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET (from the HubSpot app’s Auth settings) and restart Baton.',
};

export function connectedPage(install: CompletedInstall, returnTo: string | undefined): OAuthPage {
  return {
    status: 200,
    code: install.outcome,
    title: 'Baton is connected',
    message: `Baton is connected to HubSpot account ${install.hubId}. Hand-offs, SLA clocks and attribution start with the next contact change.`,
    ...(returnTo ? { link: { href: returnTo, text: 'Continue' } } : {}),
  };
}

const refusals = installRefusalPages({ crmName: 'HubSpot', startAgain: 'HubSpot' });

export const badStatePage = refusals.badStatePage;
export const CALLBACK_INCOMPLETE: OAuthPage = refusals.callbackIncomplete;
export const declinedPage = refusals.declinedPage;
export const installFailedPage = refusals.installFailedPage;
