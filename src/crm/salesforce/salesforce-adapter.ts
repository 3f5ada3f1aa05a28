import type { Environment } from '../../config/environment.ts';
import { deriveConsoleSessionKey } from '../../console/console-sessions.ts';
import { consoleSignIn } from '../../console/console-sign-in.ts';
import { personName } from '../../core/person-name.ts';
import type { CrmAdapter } from '../../pipeline/crm-port.ts';
import { deriveOAuthStateKey } from '../hubspot/oauth/oauth-state.ts';
import { readLeadStatuses } from './api/lead-statuses.ts';
import { createSalesforceConnections } from './api/salesforce-connection.ts';
import { createSalesforceLeadsApi } from './api/salesforce-leads-api.ts';
import { runSalesforceBackfillCommand } from './backfill/salesforce-backfill-command.ts';
import { SALESFORCE_DEFAULTS, salesforceDefaultsFor } from './defaults/salesforce-defaults.ts';
import { SALESFORCE_INSTALL_PATH, salesforceOAuthConfig } from './oauth/salesforce-oauth-config.ts';
import { salesforceOAuthRouter } from './oauth/salesforce-oauth-routes.ts';
import { salesforceSignInRouter } from './oauth/salesforce-sign-in-routes.ts';
import { LEAD } from './salesforce-record-keys.ts';
import {
  createReconcileHandler,
  SALESFORCE_RECONCILE,
  scheduleReconciliation,
} from './sync/reconcile-leads.ts';
import { createSalesforceSync } from './sync/salesforce-sync.ts';

/**
 * Everything Salesforce, composed once from the environment: the install routes, the per-org
 * connections (token refresh shared across processes), the sync over Outbound Messages, and the
 * reconciliation pass. Without the external client app's credentials the install page explains
 * what to configure and nothing calls Salesforce.
 */
export const salesforceAdapter: CrmAdapter<Environment> = {
  crm: 'salesforce',
  defaults: SALESFORCE_DEFAULTS,
  connect(context) {
    const { env, db, cipher, logger, clock } = context;
    const connections = createSalesforceConnections({
      env,
      db,
      cipher,
      logger,
      clock,
      ...(context.fetch ? { fetch: context.fetch } : {}),
    });
    const leads = connections
      ? createSalesforceLeadsApi({ connectionFor: connections.connectionFor, clock })
      : null;
    const stateKey = deriveOAuthStateKey(Buffer.from(context.encryptionKey, 'base64'));
    return {
      routers: [
        salesforceOAuthRouter({
          db,
          cipher,
          stateKey,
          config: salesforceOAuthConfig(env),
          clock,
          logger,
          adminToken: env.BATON_ADMIN_TOKEN,
          // The org's own Lead statuses place its leads; read once, when it installs.
          defaultsFor: async (conn) => salesforceDefaultsFor(await readLeadStatuses(conn)),
        }),
        salesforceSignInRouter({
          db,
          stateKey,
          config: salesforceOAuthConfig(env),
          clock,
          logger,
          signIn: consoleSignIn({
            db,
            sessionKey: deriveConsoleSessionKey(Buffer.from(context.encryptionKey, 'base64')),
            publicBaseUrl: env.PUBLIC_BASE_URL,
            clock,
            crm: 'salesforce',
            accountNoun: 'Salesforce org',
            installPath: SALESFORCE_INSTALL_PATH,
          }),
        }),
      ],
      console: {
        defaults: SALESFORCE_DEFAULTS,
        recordObjectType: LEAD,
        // Reconciliation reads every Lead changed in the last window, whatever the Flow watches.
        watchedProperties: null,
        nameOf: (properties) => personName(properties.FirstName, properties.LastName, properties.Email),
      },
      sync: leads ? createSalesforceSync({ leads, logger }) : null,
      register(handlers) {
        if (leads)
          handlers.on(
            SALESFORCE_RECONCILE,
            createReconcileHandler({ db, leads, logger, defaults: SALESFORCE_DEFAULTS }),
          );
      },
      schedules: leads
        ? [(scheduleDb, scheduleLogger) => scheduleReconciliation(scheduleDb, scheduleLogger, { clock })]
        : [],
    };
  },
  /** `baton backfill salesforce --org <id>`: the Leads an org held before the install, through Bulk API 2.0. */
  async backfill(run, args) {
    const outcome = await runSalesforceBackfillCommand(run, { org: args.account, restart: args.restart });
    return { interrupted: outcome.kind === 'interrupted' };
  },
};
