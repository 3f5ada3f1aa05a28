import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isKnownPlatformVersion, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BATON_ORIGIN } from '../../extensions/hubspot/src/app/cards/baton-origin.ts';
import { DEFAULT_CHANNELS } from '../../src/core/attribution/channels.ts';
import { DEFAULT_REASON_CODES } from '../../src/core/journey/reason-codes.ts';
import { DEFAULT_WORKED_SLA } from '../../src/core/reports/worked-sla.ts';
import { NO_BREACH_ROUTING } from '../../src/core/sla/breach-actions.ts';
import { HUBSPOT_DEFAULTS } from '../../src/crm/hubspot/defaults/hubspot-defaults.ts';
import { splitPropertiesToRead } from '../../src/crm/hubspot/hubspot-leads.ts';
import {
  isSubscribed,
  loadWebhookSubscriptions,
  webhooksComponentSchema,
} from '../../src/crm/hubspot/intake/hubspot-webhook-subscriptions.ts';
import {
  HUBSPOT_CALLBACK_PATH,
  HUBSPOT_OPTIONAL_SCOPES,
  HUBSPOT_SCOPES,
} from '../../src/crm/hubspot/oauth/hubspot-oauth-config.ts';
import { createStarterDefinition } from '../../src/crm/hubspot/oauth/starter-definition.ts';
import { hubSpotPropertiesToRead } from '../../src/crm/hubspot/sync/properties-to-read.ts';
import { DEFAULT_SLEEPING_AFTER_DAYS, type TenantConfig } from '../../src/pipeline/tenant-config.ts';
import { HUBSPOT_WEBHOOK_PATH } from '../../webhooks/hubspot/hubspot-webhook-route.ts';
import {
  HUBSPOT_JOURNEY_MAPPING,
  HUBSPOT_SOURCE_MAPPING,
  hubspotModel,
} from '../fixtures/hubspot-defaults.ts';

const PROJECT = fileURLToPath(new URL('../../extensions/hubspot', import.meta.url));
const project = parseProjectConfig(PROJECT);
const context = {
  projectSourceDir: `${PROJECT}/${project.srcDir}`,
  platformVersion: project.platformVersion,
};
const example = JSON.parse(readFileSync(`${context.projectSourceDir}/hsprofile.example.json`, 'utf8')) as {
  variables: { batonBaseUrl: string };
};

/** The app component as HubSpot documents it for a marketplace OAuth app. */
const appComponentSchema = z.strictObject({
  uid: z.string(),
  type: z.literal('app'),
  config: z.strictObject({
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(8192),
    distribution: z.literal('marketplace'),
    auth: z.strictObject({
      type: z.literal('oauth'),
      redirectUrls: z.array(z.url({ protocol: /^https$/ })).min(1),
      requiredScopes: z.array(z.string()).min(1),
      optionalScopes: z.array(z.string()),
      conditionallyRequiredScopes: z.array(z.string()),
    }),
    permittedUrls: z.strictObject({
      fetch: z.array(z.url({ protocol: /^https$/ })),
      iframe: z.array(z.string()),
      img: z.array(z.string()),
    }),
    support: z.strictObject({
      supportEmail: z.email(),
      documentationUrl: z.url({ protocol: /^https$/ }),
      supportUrl: z.url({ protocol: /^https$/ }),
    }),
  }),
});

async function translated() {
  // Offline: validation against HubSpot's schemas needs an account and HubSpot's servers.
  const result = await translate(context, { skipValidation: true, profile: 'example' });
  const nodes = Object.values(result.intermediateRepresentation.intermediateNodesIndexedByUid);
  const node = (type: string) => nodes.find((n) => n.componentType === type);
  return {
    result,
    nodes,
    app: node('APPLICATION'),
    webhooks: node('WEBHOOKS'),
    cards: nodes.filter((n) => n.componentType === 'CARD'),
    settings: node('SETTINGS'),
  };
}

/** What a new install starts with: the demand-waterfall preset and the starter definition. */
function newTenantConfig(): TenantConfig {
  return {
    tenantId: 'new-tenant',
    crm: 'hubspot',
    model: hubspotModel('demand_waterfall'),
    definitions: [createStarterDefinition({ actor: 'install', now: new Date() })],
    reasonCodes: DEFAULT_REASON_CODES,
    mapping: HUBSPOT_JOURNEY_MAPPING,
    channels: DEFAULT_CHANNELS,
    sourceMapping: HUBSPOT_SOURCE_MAPPING,
    scopeProperties: {},
    reports: {
      sleepingAfterDays: DEFAULT_SLEEPING_AFTER_DAYS,
      stageSleepingDays: {},
      properties: { ...HUBSPOT_DEFAULTS.leadRecord },
      workedSla: DEFAULT_WORKED_SLA,
    },
    slaRouting: NO_BREACH_ROUTING,
  };
}

describe("Baton's HubSpot developer project", () => {
  it("parses with HubSpot's own project parser into one app and its webhooks, on a supported platform", async () => {
    expect(isKnownPlatformVersion(project.platformVersion)).toBe(true);
    const { result, nodes, app, webhooks } = await translated();
    expect(result.skippedHsMetaFiles).toEqual([]);
    expect(nodes.map((n) => n.componentType).sort()).toEqual([
      'APPLICATION',
      'CARD',
      'CARD',
      'SETTINGS',
      'WEBHOOKS',
    ]);
    for (const node of nodes) expect(validateUid(node.uid)).toBeUndefined();
    expect(webhooks?.componentDeps).toMatchObject({ app: app?.uid });
  });

  it('puts a sidebar and a tab card on contacts, under uids that never change, each with its entrypoint', async () => {
    const { app, cards } = await translated();
    // Renaming a uid loses every user's placement of the card: these are fixed for good.
    expect(
      cards.map((c) => [
        c.uid,
        (c.config as { location: string }).location,
        (c.config as { objectTypes: string[] }).objectTypes,
      ]),
    ).toEqual([
      ['baton_contact_sidebar', 'crm.record.sidebar', ['contacts']],
      ['baton_contact_tab', 'crm.record.tab', ['contacts']],
    ]);
    for (const card of cards) {
      expect(card.componentDeps).toMatchObject({ app: app?.uid });
      const entrypoint = (card.config as { entrypoint: string }).entrypoint;
      expect(existsSync(`${context.projectSourceDir}${entrypoint}`)).toBe(true);
    }
  });

  it('gives the app a settings page, with its entrypoint', async () => {
    const { app, settings } = await translated();
    expect(settings?.uid).toBe('baton_settings');
    expect(settings?.componentDeps).toMatchObject({ app: app?.uid });
    const entrypoint = (settings?.config as { entrypoint: string } | undefined)?.entrypoint;
    expect(existsSync(`${context.projectSourceDir}${entrypoint}`)).toBe(true);
  });

  it('sends installs and webhooks to the routes Baton serves, asking for exactly the scopes it uses', async () => {
    const { app, webhooks } = await translated();
    const base = example.variables.batonBaseUrl;
    const appConfig = appComponentSchema.parse({ uid: app?.uid, type: 'app', config: app?.config }).config;
    expect(appConfig.auth.redirectUrls).toEqual([`${base}${HUBSPOT_CALLBACK_PATH}`]);
    expect(appConfig.auth.requiredScopes).toEqual([...HUBSPOT_SCOPES]);
    expect(appConfig.auth.optionalScopes).toEqual([...HUBSPOT_OPTIONAL_SCOPES]);
    expect(appConfig.permittedUrls.fetch).toEqual([base]);
    // The cards call the origin the profile names, and only that one.
    expect(BATON_ORIGIN).toBe(base);

    const hooks = webhooksComponentSchema.parse({
      uid: webhooks?.uid,
      type: 'webhooks',
      config: webhooks?.config,
    });
    expect(hooks.config.settings.targetUrl).toBe(`${base}${HUBSPOT_WEBHOOK_PATH}`);
  });

  it("subscribes to every property a new install reads, and never to Baton's own", () => {
    const subscriptions = loadWebhookSubscriptions();
    const toRead = splitPropertiesToRead(hubSpotPropertiesToRead(newTenantConfig()));
    // Set once at creation (the creation event covers it) or changed by every edit (it would
    // double every event): neither is worth a subscription.
    const needsNone = new Set(['createdate', 'lastmodifieddate']);
    const unsubscribed = (objectTypeId: string, names: readonly string[]) =>
      names.filter(
        (propertyName) =>
          !propertyName.startsWith('baton_') &&
          !needsNone.has(propertyName) &&
          !isSubscribed(subscriptions, {
            subscriptionType: objectTypeId === '0-1' ? 'contact.propertyChange' : 'object.propertyChange',
            objectTypeId: objectTypeId === '0-1' ? undefined : objectTypeId,
            propertyName,
          }),
      );
    expect(unsubscribed('0-1', toRead.contact)).toEqual([]);
    expect(unsubscribed('0-136', toRead.lead)).toEqual([]);
    expect(subscriptions.filter((s) => s.propertyName?.startsWith('baton_'))).toEqual([]);
  });

  it('hears of contacts and Leads created, deleted, merged and restored, and of privacy deletions', () => {
    const subscriptions = loadWebhookSubscriptions();
    for (const action of ['creation', 'deletion', 'merge', 'restore']) {
      expect(isSubscribed(subscriptions, { subscriptionType: `contact.${action}` })).toBe(true);
      expect(
        isSubscribed(subscriptions, { subscriptionType: `object.${action}`, objectTypeId: '0-136' }),
      ).toBe(true);
    }
    expect(isSubscribed(subscriptions, { subscriptionType: 'contact.privacyDeletion' })).toBe(true);
    expect(isSubscribed(subscriptions, { subscriptionType: 'object.creation', objectTypeId: '0-2' })).toBe(
      false,
    );
  });
});
