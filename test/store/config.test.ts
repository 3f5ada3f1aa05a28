import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.ts';
import { getDefinition, listDefinitions, saveDefinitionVersion } from '../../src/store/definitions.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../../src/store/funnel-models.ts';
import { at, draftDefinition, funnelModel, installTenant } from './fixtures.ts';
import { engineUnderTest, openTestStore, type TestStore } from './harness.ts';

describe(`configuration (${engineUnderTest})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('versions funnel models, keeps one active, and audits each save with before and after', async () => {
    const tenant = await installTenant(store.db);
    expect(await getActiveFunnelModel(store.db, tenant.id)).toBeNull();
    const first = await saveFunnelModel(store.db, tenant.id, funnelModel, { actor: 'user:ops', now: at(0) });
    const renamed = { ...funnelModel, name: 'Waterfall v2' };
    const second = await saveFunnelModel(store.db, tenant.id, renamed, { actor: 'user:cmo', now: at(5) });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await getActiveFunnelModel(store.db, tenant.id)).toEqual({
      model: renamed,
      version: 2,
      isActive: true,
      createdBy: 'user:cmo',
      createdAt: at(5),
    });
    expect((await getActiveFunnelModel(store.db, tenant.id, 'waterfall'))?.version).toBe(2);
    expect(await getActiveFunnelModel(store.db, tenant.id, 'other')).toBeNull();

    const audit = await listAudit(store.db, tenant.id, { subjectType: 'funnel_model' });
    expect(audit.map((a) => [a.actor, a.subjectKey, a.before, a.after])).toEqual([
      ['user:cmo', 'waterfall@2', funnelModel, renamed],
      ['user:ops', 'waterfall@1', null, funnelModel],
    ]);
  });

  it('rolls the audit row back together with the change', async () => {
    const tenant = await installTenant(store.db);
    const failure = new Error('publishing failed');
    await expect(
      store.db.transaction(async (tx) => {
        await saveFunnelModel(tx, tenant.id, funnelModel, { actor: 'user:ops', now: at(0) });
        await saveDefinitionVersion(tx, tenant.id, draftDefinition('mql', 1), {
          actor: 'user:ops',
          now: at(0),
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await getActiveFunnelModel(store.db, tenant.id)).toBeNull();
    expect(await listDefinitions(store.db, tenant.id)).toEqual([]);
    expect(await listAudit(store.db, tenant.id)).toEqual([]);
  });

  it('takes a definition from draft through both approvals to active, auditing every step', async () => {
    const tenant = await installTenant(store.db);
    const change = (minutes: number, actor: string) => ({ actor, now: at(minutes) });
    const draft = draftDefinition('mql', 1);
    await saveDefinitionVersion(store.db, tenant.id, draft, change(0, 'user:marketer'));
    const proposed = { ...draft, status: 'proposed' as const };
    await saveDefinitionVersion(store.db, tenant.id, proposed, change(1, 'user:marketer'));
    const approved = {
      ...proposed,
      status: 'approved' as const,
      marketingApprovedBy: 'user:cmo',
      marketingApprovedAt: at(2),
      salesApprovedBy: 'user:cro',
      salesApprovedAt: at(3),
    };
    await saveDefinitionVersion(store.db, tenant.id, approved, change(3, 'user:cro'));
    const active = {
      ...approved,
      status: 'active' as const,
      activatedAt: at(4),
      createdBy: 'ignored',
      createdAt: at(99),
    };
    const saved = await saveDefinitionVersion(store.db, tenant.id, active, change(4, 'user:ops'));

    expect(saved).toEqual({ ...active, createdBy: draft.createdBy, createdAt: draft.createdAt });
    expect(await getDefinition(store.db, tenant.id, 'mql', 1)).toEqual(saved);
    expect(await getDefinition(store.db, tenant.id, 'mql', 2)).toBeNull();
    const audit = await listAudit(store.db, tenant.id, { subjectKey: 'mql@1' });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['definition.active', 'user:ops'],
      ['definition.approved', 'user:cro'],
      ['definition.proposed', 'user:marketer'],
      ['definition.created', 'user:marketer'],
    ]);
    expect(audit[0]?.before).toMatchObject({ status: 'approved', salesApprovedBy: 'user:cro' });
    expect(audit[0]?.after).toMatchObject({ status: 'active', activatedAt: at(4).toISOString() });
  });

  it('allows only one active version per definition key', async () => {
    const tenant = await installTenant(store.db);
    const change = { actor: 'user:ops', now: at(0) };
    await saveDefinitionVersion(
      store.db,
      tenant.id,
      { ...draftDefinition('mql', 1), status: 'active' },
      change,
    );
    await expect(
      saveDefinitionVersion(store.db, tenant.id, { ...draftDefinition('mql', 2), status: 'active' }, change),
    ).rejects.toThrow();
    await store.db.transaction(async (tx) => {
      await saveDefinitionVersion(
        tx,
        tenant.id,
        { ...draftDefinition('mql', 1), status: 'retired', retiredAt: at(1) },
        change,
      );
      await saveDefinitionVersion(tx, tenant.id, { ...draftDefinition('mql', 2), status: 'active' }, change);
    });
    await saveDefinitionVersion(
      store.db,
      tenant.id,
      { ...draftDefinition('sql', 1), status: 'active' },
      change,
    );
    const listed = await listDefinitions(store.db, tenant.id);
    expect(listed.map((d) => [d.key, d.version, d.status])).toEqual([
      ['mql', 2, 'active'],
      ['mql', 1, 'retired'],
      ['sql', 1, 'active'],
    ]);
    const active = await listDefinitions(store.db, tenant.id, { status: 'active' });
    expect(active.map((d) => `${d.key}@${d.version}`)).toEqual(['mql@2', 'sql@1']);
    expect((await listDefinitions(store.db, tenant.id, { key: 'sql' })).map((d) => d.version)).toEqual([1]);
  });
});
