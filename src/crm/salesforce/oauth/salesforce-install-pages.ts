import { BatonError } from '../../../errors.ts';
import type { InstallOutcome } from '../../../oauth/complete-install.ts';
import type { OAuthPage } from '../../hubspot/oauth/oauth-pages.ts';
import type { OAuthStateVerdict } from '../../hubspot/oauth/oauth-state.ts';

/** Why a callback's state is refused: the verdict's reasons, or a state already used once. */
type StateProblem = Extract<OAuthStateVerdict, { ok: false }>['reason'] | 'used';

const NOTHING_INSTALLED =
  'Nothing was installed. Start the install again from Baton’s Salesforce install link.';

const STATE_PROBLEMS: Readonly<Record<StateProblem, string>> = {
  malformed: 'The install link is damaged or incomplete.',
  bad_signature: 'The install link was not issued by this Baton server.',
  expired: 'The install link expired (it is valid for 10 minutes).',
  other_browser:
    'The install was not started in this browser, or this browser did not keep the install cookie (it must allow cookies from this site).',
  used: 'This install link has already been used.',
};

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

export function badStatePage(problem: StateProblem): OAuthPage {
  return refused(`state_${problem}`, STATE_PROBLEMS[problem]);
}

export const CALLBACK_INCOMPLETE: OAuthPage = refused(
  'callback_incomplete',
  'Salesforce did not send back a code and state.',
);

/** Salesforce sends `error` (e.g. `access_denied`) instead of a code when access is not allowed. */
export function declinedPage(salesforceError: string): OAuthPage {
  return {
    status: 400,
    code: 'install_declined',
    title: 'The install was not approved',
    message: `Salesforce reported "${salesforceError.slice(0, 100)}": access was not granted. ${NOTHING_INSTALLED}`,
  };
}

/** Baton's errors carry messages meant for people and free of secrets; anything else is not shown. */
export function installFailedPage(error: unknown): OAuthPage {
  if (!(error instanceof BatonError)) {
    return {
      status: 500,
      code: 'internal',
      title: 'The install failed',
      message: `Baton hit an unexpected error; it has been logged. ${NOTHING_INSTALLED}`,
    };
  }
  return {
    status: error.status >= 500 ? error.status : 502,
    code: error.code,
    title: 'Salesforce did not complete the install',
    message: `${error.message}. ${NOTHING_INSTALLED}`,
  };
}

function refused(code: string, problem: string): OAuthPage {
  return {
    status: 400,
    code,
    title: 'The install could not be completed',
    message: `${problem} ${NOTHING_INSTALLED}`,
  };
}
