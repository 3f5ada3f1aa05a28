import type { Logger } from '../../../log.ts';
import type { SalesforceStandIn } from '../../salesforce-stand-in/salesforce-stand-in-api.ts';
import type { SalesforceStandInOptions } from '../../salesforce-stand-in/stand-in-options.ts';
import { startSalesforceStandIn } from '../../salesforce-stand-in/start-salesforce-stand-in.ts';
import { type BatonOptions, type RunningBaton, startBaton } from '../start-baton.ts';
import { PACKAGE_LEAD_FIELDS } from './package-fields.ts';

export const DEMO_SALESFORCE_APP = {
  clientId: 'baton-demo-external-client-app',
  clientSecret: 'demo-consumer-secret',
};

export interface SalesforceStack extends RunningBaton {
  readonly standIn: SalesforceStandIn;
}

/**
 * A Salesforce org stand-in with Baton's package installed (its Lead fields, its Flow's Outbound
 * Message aimed at Baton) and Baton configured for it, as `npm start` would be.
 */
export async function startSalesforceStack(
  options: BatonOptions & {
    readonly logger: Logger;
    readonly standIn?: Partial<Omit<SalesforceStandInOptions, 'clientId' | 'clientSecret'>>;
  },
): Promise<SalesforceStack> {
  const standIn = await startSalesforceStandIn({
    ...DEMO_SALESFORCE_APP,
    customLeadFields: PACKAGE_LEAD_FIELDS,
    logger: options.logger,
    ...options.standIn,
  });
  try {
    const baton = await startBaton(options, {
      salesforce: { loginUrl: standIn.loginUrl, ...DEMO_SALESFORCE_APP },
    });
    standIn.setOutboundTarget(`${baton.batonUrl}/webhooks/salesforce`);
    return {
      ...baton,
      standIn,
      async close() {
        await baton.close();
        await standIn.close();
      },
    };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}
