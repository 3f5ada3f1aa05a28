import type { Router } from 'express';
import { hubspotWebhookRouter } from '../../webhooks/hubspot/hubspot-webhook-route.ts';
import { salesforceWebhookRouter } from '../../webhooks/salesforce/salesforce-webhook-route.ts';
import type { Environment } from '../config/environment.ts';
import type { CrmAdapter, CrmContext } from '../pipeline/crm-port.ts';
import type { Crm } from '../store/crm-name.ts';
import { hubspotAdapter } from './hubspot/hubspot-adapter.ts';
import { hubSpotWebhookConfig } from './hubspot/intake/hubspot-webhook-config.ts';
import { salesforceAdapter } from './salesforce/salesforce-adapter.ts';

/** A CRM as Baton runs it: its adapter, and the webhook intake routes of its `webhooks/` folder. */
export interface CrmEntry {
  readonly adapter: CrmAdapter<Environment>;
  readonly intake: (context: CrmContext<Environment>) => readonly Router[];
}

/**
 * Every CRM Baton runs, by the name the CLI and the tenants use. `main.ts`, the CLI and the
 * demo iterate this map; a new CRM is a folder under `src/crm/` and one entry here. It is the
 * one file under `src/` that imports `webhooks/` (see `.dependency-cruiser.cjs`): the edge
 * depends on the adapters, and only the composition joins them.
 */
export const CRM_ADAPTERS: Readonly<Partial<Record<Crm, CrmEntry>>> = {
  hubspot: {
    adapter: hubspotAdapter,
    intake: ({ db, env, clock, logger }) => [
      hubspotWebhookRouter({ db, config: hubSpotWebhookConfig(env), clock, logger }),
    ],
  },
  salesforce: {
    adapter: salesforceAdapter,
    intake: ({ db, clock, logger }) => [salesforceWebhookRouter({ db, clock, logger })],
  },
};
