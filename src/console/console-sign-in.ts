import type { Response } from 'express';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { findTenantByExternalId, type Tenant } from '../store/tenants.ts';
import { setConsoleCookie } from './console-cookie.ts';
import { type ConsoleUser, startConsoleSession } from './console-sessions.ts';

export const CONSOLE_SIGN_IN_PATH = '/console/sign-in';

export interface ConsoleSignIn {
  /**
   * Signs in a user the CRM has just vouched for, into the tenant of the account they authorised,
   * and sends them to the console; a refusal goes back to the sign-in screen with what to do.
   */
  complete(
    res: Response,
    who: {
      readonly account: string;
      readonly user: Omit<ConsoleUser, 'teamIds'>;
      /** The user's CRM groups, asked once the tenant is known (Baton's own token reads them). */
      readonly teamsOf: (tenant: Tenant) => Promise<readonly string[]>;
    },
  ): Promise<void>;
  /** Back to the sign-in screen with a message (the CRM declined, the state was bad). */
  refuse(res: Response, message: string): void;
}

/** The CRM-neutral end of every CRM's console sign-in. */
export function consoleSignIn(deps: {
  readonly db: Db;
  readonly sessionKey: Buffer;
  readonly publicBaseUrl: string;
  readonly clock: () => Date;
  readonly crm: Crm;
  /** The account's name in a refusal: "HubSpot portal", "Salesforce org". */
  readonly accountNoun: string;
  /** Where an admin installs Baton into such an account. */
  readonly installPath: string;
}): ConsoleSignIn {
  const refuse = (res: Response, message: string) => {
    res.set('cache-control', 'no-store').redirect(303, `/?signInError=${encodeURIComponent(message)}`);
  };
  return {
    refuse,
    async complete(res, { account, user, teamsOf }) {
      const tenant = await findTenantByExternalId(deps.db, deps.crm, account);
      if (tenant?.status !== 'active') {
        return refuse(
          res,
          `Baton is not installed in ${deps.accountNoun} ${account}. An admin installs it first at ${deps.installPath}; then sign in again.`,
        );
      }
      const { cookie } = await startConsoleSession(deps.db, deps.sessionKey, {
        tenantId: tenant.id,
        user: { ...user, teamIds: await teamsOf(tenant) },
        now: deps.clock(),
      });
      setConsoleCookie(res, deps.publicBaseUrl, cookie);
      res.set('cache-control', 'no-store').redirect(303, '/');
    },
  };
}
