import { BatonError } from '../errors.ts';

/** A page the install routes answer with: a status, a code for logs and tests, and words for people. */
export interface RefusalPage {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly message: string;
}

/** Why a callback's state is refused: the state check's reasons, or a state already used once. */
export type StateProblem = 'malformed' | 'bad_signature' | 'expired' | 'other_browser' | 'used';

const STATE_PROBLEMS: Readonly<Record<StateProblem, string>> = {
  malformed: 'The install link is damaged or incomplete.',
  bad_signature: 'The install link was not issued by this Baton server.',
  expired: 'The install link expired (it is valid for 10 minutes).',
  other_browser:
    'The install was not started in this browser, or this browser did not keep the install cookie (it must allow cookies from this site).',
  used: 'This install link has already been used.',
};

/**
 * The pages every CRM's install callback refuses with, in that CRM's words: `crmName` names it
 * (`HubSpot`), `startAgain` says where an install starts over.
 */
export function installRefusalPages(crm: { readonly crmName: string; readonly startAgain: string }) {
  const nothingInstalled = `Nothing was installed. Start the install again from ${crm.startAgain}.`;
  const refused = (code: string, problem: string): RefusalPage => ({
    status: 400,
    code,
    title: 'The install could not be completed',
    message: `${problem} ${nothingInstalled}`,
  });
  return {
    badStatePage: (problem: StateProblem): RefusalPage =>
      refused(`state_${problem}`, STATE_PROBLEMS[problem]),
    callbackIncomplete: refused('callback_incomplete', `${crm.crmName} did not send back a code and state.`),
    /** The CRM sends `error` (e.g. `access_denied`) instead of a code when access is not granted. */
    declinedPage: (crmError: string): RefusalPage => ({
      status: 400,
      code: 'install_declined',
      title: 'The install was not approved',
      message: `${crm.crmName} reported "${crmError.slice(0, 100)}": access was not granted. ${nothingInstalled}`,
    }),
    /** Baton's errors carry messages meant for people and free of secrets; anything else is not shown. */
    installFailedPage: (error: unknown): RefusalPage =>
      error instanceof BatonError
        ? {
            status: error.status >= 500 ? error.status : 502,
            code: error.code,
            title: `${crm.crmName} did not complete the install`,
            message: `${error.message}. ${nothingInstalled}`,
          }
        : {
            status: 500,
            code: 'internal',
            title: 'The install failed',
            message: `Baton hit an unexpected error; it has been logged. ${nothingInstalled}`,
          },
  };
}
