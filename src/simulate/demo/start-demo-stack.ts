import { randomBytes } from 'node:crypto';
import { type HubSpotStandIn, startHubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';
import { type BatonOptions, type RunningBaton, startBaton } from './start-baton.ts';

export interface DemoStackOptions extends BatonOptions {
  /** HubSpot's OpenAPI specs for the stand-in's request checks; null skips them. */
  readonly openApiDirectory?: string | null;
}

export interface DemoStack extends RunningBaton {
  readonly standIn: HubSpotStandIn;
}

/** Any values work, as long as Baton and the stand-in agree on them. */
export const DEMO_APP = { clientId: 'baton-demo-app', appId: 1_160_452, portalId: 62_515 };

/** Baton and a HubSpot stand-in in this process, each pointed at the other. */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const clientSecret = randomBytes(24).toString('base64url');
  const standIn = await startHubSpotStandIn({
    ...DEMO_APP,
    clientSecret,
    logger: options.logger,
    ...(options.openApiDirectory === undefined ? {} : { openApiDirectory: options.openApiDirectory }),
  });
  try {
    const baton = await startBaton(options, {
      hubspot: {
        apiBaseUrl: standIn.baseUrl,
        authorizeUrl: standIn.authorizeUrl,
        clientId: DEMO_APP.clientId,
        clientSecret,
        appId: DEMO_APP.appId,
      },
    });
    standIn.setWebhookTarget(`${baton.batonUrl}/webhooks/hubspot`);
    return {
      ...baton,
      standIn,
      // The worker stops first, then webhooks stop, then Baton's edge and store.
      close: async () => {
        await baton.worker.stop();
        await standIn.close();
        await baton.close();
      },
    };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}
