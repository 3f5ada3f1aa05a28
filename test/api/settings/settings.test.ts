import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../src/api/actor.ts';
import {
  getFunnelSettings,
  presetOnCrmFields,
  saveFunnelSettings,
} from '../../../src/api/settings/funnel-model-settings.ts';
import { saveTenantSettings } from '../../../src/api/settings/tenant-settings.ts';
import { loadTenantConfig } from '../../../src/pipeline/tenant-config.ts';
import { listAudit } from '../../../src/store/audit-log.ts';
import { getTenant, type Tenant } from '../../../src/store/tenants.ts';
import { HUBSPOT_DEFAULTS } from '../../fixtures/hubspot-defaults.ts';
import { at, installTenant } from '../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';

const actor = (id: string, ...roles: Role[]): Actor => ({ id, roles: new Set(roles) });
const ada = actor('ada', 'admin');
const mia = actor('mia', 'marketing');

let store: TestStore;
let tenant: Tenant;
beforeEach(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
});
afterEach(() => store.close());

const reload = async () => {
  const fresh = await getTenant(store.db, tenant.id);
  if (!fresh) throw new Error('tenant gone');
  return loadTenantConfig(store.db, fresh, HUBSPOT_DEFAULTS);
};

describe('funnel model settings', () => {
  it("starts from the CRM's default model and saves an edited one as the next version, audited", async () => {
    const start = await getFunnelSettings(store.db, tenant.id, HUBSPOT_DEFAULTS);
    expect(start).toMatchObject({ version: null, model: { key: 'demand_waterfall' } });
    expect(start.presets).toHaveLength(5);
    const journey = presetOnCrmFields('three_owner_journey', HUBSPOT_DEFAULTS, start.model);
    expect(journey.stages.find((s) => s.key === 'discovery')?.mapping).toEqual([
      { property: 'lifecyclestage', values: ['subscriber', 'lead'] },
    ]);
    const saved = await saveFunnelSettings(store.db, tenant.id, ada, journey, at(1));
    expect(saved.version).toBe(1);
    expect((await reload()).model.key).toBe('three_owner_journey');
    expect((await listAudit(store.db, tenant.id)).map((a) => [a.actor, a.action])).toContainEqual([
      'ada',
      'funnel_model.saved',
    ]);
  });

  it('refuses a model whose co-owner weights do not add up, naming the field, and keeps the old one', async () => {
    const { model } = await getFunnelSettings(store.db, tenant.id, HUBSPOT_DEFAULTS);
    const [first, ...rest] = model.stages;
    const broken = {
      ...model,
      stages: [{ ...first, owners: [{ function: 'marketing', weight: 0.4 }] }, ...rest],
    };
    const error = await saveFunnelSettings(store.db, tenant.id, ada, broken, at(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, issues: [{ path: 'stages[0].owners' }] });
    expect((await getFunnelSettings(store.db, tenant.id, HUBSPOT_DEFAULTS)).version).toBeNull();
  });

  it('lets only admins change the model', async () => {
    const { model } = await getFunnelSettings(store.db, tenant.id, HUBSPOT_DEFAULTS);
    await expect(saveFunnelSettings(store.db, tenant.id, mia, model, at(1))).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('takes the admin role'),
    });
  });
});

describe('tenant settings', () => {
  const codes = [
    { key: 'bad_fit', label: 'Bad fit', appliesTo: ['rejected', 'disqualified'] },
    { key: 'event_leftover', label: 'Trade-show leftover', appliesTo: ['rejected'] },
  ];

  it('saves reason codes and a source table the worker then loads, audited with before and after', async () => {
    await saveTenantSettings(
      store.db,
      tenant.id,
      ada,
      { reasonCodes: codes, sourceMapping: { OFFLINE: 'events' } },
      at(1),
    );
    const config = await reload();
    expect(config.reasonCodes.map((c) => c.key)).toEqual(['bad_fit', 'event_leftover']);
    expect(config.sourceMapping.OFFLINE).toBe('events');
    expect(config.sourceMapping.PAID_SEARCH).toBe('paid_search');
    const [audit] = await listAudit(store.db, tenant.id);
    expect(audit).toMatchObject({
      actor: 'ada',
      action: 'settings.saved',
      before: {},
      after: { reasonCodes: codes },
    });
  });

  it('returns a section to the CRM default with null', async () => {
    await saveTenantSettings(store.db, tenant.id, ada, { reasonCodes: codes }, at(1));
    await saveTenantSettings(store.db, tenant.id, ada, { reasonCodes: null }, at(2));
    expect((await reload()).reasonCodes.map((c) => c.key)).not.toContain('event_leftover');
  });

  it.each([
    [
      'a reason code with a bad key',
      { reasonCodes: [{ key: 'Bad Fit', label: 'x', appliesTo: ['rejected'] }] },
      'reasonCodes[0].key',
    ],
    [
      'a source value pointing at no channel',
      { sourceMapping: { OFFLINE: 'podcasts' } },
      'sourceMapping["OFFLINE"]',
    ],
    [
      'a status event with an unknown event',
      {
        journeyMapping: {
          ownerProperty: 'o',
          createdAtProperty: 'c',
          statusEvents: [{ property: 'p', value: 'v', event: 'closed' }],
        },
      },
      'journeyMapping.statusEvents.0.event',
    ],
    ['an unknown section', { colours: {} }, 'colours'],
    ['a role granted to a bad list', { roles: { sales: { users: 'everyone' } } }, 'roles.sales.users'],
    ['a negative sleeping threshold', { reports: { sleepingAfterDays: -3 } }, 'reports.sleepingAfterDays'],
    [
      'a worked SLA closed by an unknown event',
      { reports: { workedSla: { businessCaseEvent: 'signed_contract' } } },
      'reports.workedSla.businessCaseEvent',
    ],
  ])('refuses %s, naming the field, and saves nothing', async (_case, patch, field) => {
    const error = await saveTenantSettings(store.db, tenant.id, ada, patch, at(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(field);
    expect((await getTenant(store.db, tenant.id))?.settings).toEqual({});
    expect(await listAudit(store.db, tenant.id)).toEqual([]);
  });

  it('lets only admins change settings', async () => {
    await expect(
      saveTenantSettings(store.db, tenant.id, mia, { reasonCodes: codes }, at(1)),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});
