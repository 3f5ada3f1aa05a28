import type { InstallOutcome } from '../../../oauth/complete-install.ts';
import { installRefusalPages } from '../../../oauth/install-refusal-pages.ts';
import type { OAuthPage } from '../../hubspot/oauth/oauth-pages.ts';

export const NOT_CONFIGURED: OAuthPage = {
  status: 503,
  code: 'salesforce_not_configured',
  title: 'Salesforce is not configured',
  message:
    'This Baton server has no Salesforce app credentials. An administrator must set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (the consumer key and secret of Baton’s external client app) and restart Baton.',
};

export function connectedPage(
  install: { readonly orgId: string; readonly name: string; readonly outcome: InstallOutcome },
  returnTo: string | undefined,
): OAuthPage {
  return {
    status: 200,
    code: install.outcome,
    title: 'Baton is connected',
    message: `Baton is connected to the Salesforce org ${install.name} (${install.orgId}). Hand-offs, SLA clocks and attribution start with the next Lead change.`,
    ...(returnTo ? { link: { href: returnTo, text: 'Continue' } } : {}),
  };
}

const refusals = installRefusalPages({
  crmName: 'Salesforce',
  startAgain: 'Baton’s Salesforce install link',
});

export const badStatePage = refusals.badStatePage;
export const CALLBACK_INCOMPLETE: OAuthPage = refusals.callbackIncomplete;
export const declinedPage = refusals.declinedPage;
export const installFailedPage = refusals.installFailedPage;
