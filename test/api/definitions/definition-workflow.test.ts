import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../src/api/actor.ts';
import { diffDefinitionVersions, dryRunDefinition } from '../../../src/api/definitions/definition-views.ts';
import {
  activateDefinitionVersion,
  approveDefinitionVersion,
  createDefinition,
  editDefinition,
  proposeDefinitionVersion,
  retireDefinitionVersion,
  reviseDefinitionVersion,
} from '../../../src/api/definitions/definition-workflow.ts';
import { listAudit } from '../../../src/store/audit-log.ts';
import { loadQualificationDefinitions } from '../../../src/store/qualification-definitions.ts';
import { upsertSnapshots } from '../../../src/store/snapshots.ts';
import type { Tenant } from '../../../src/store/tenants.ts';
import { at, installTenant } from '../../store/fixtures.ts';
import { openTestStore, type TestStore } from '../../store/harness.ts';

const actor = (id: string, ...roles: Role[]): Actor => ({ id, roles: new Set(roles) });
const mia = actor('mia', 'marketing');
const sam = actor('sam', 'sales');
const both = actor('bo', 'marketing', 'sales');
const ada = actor('ada', 'admin');

const draft = {
  key: 'mql',
  name: 'Mid-market MQL',
  rules: { all: [{ property: 'numberofemployees', operator: 'between', value: { min: 50, max: 1000 } }] },
  scoring: {
    fit: [{ criterion: { property: 'jobtitle', operator: 'exists' }, points: 40 }],
    fitThreshold: 30,
  },
};

let store: TestStore;
let tenant: Tenant;
beforeEach(async () => {
  store = await openTestStore();
  tenant = await installTenant(store.db);
});
afterEach(() => store.close());

const versions = () => loadQualificationDefinitions(store.db, tenant.id, { key: 'mql' });
const v = (version: number) => ({ key: 'mql', version });

async function agreed(version = 1) {
  await proposeDefinitionVersion(store.db, tenant.id, mia, v(version), at(1));
  await approveDefinitionVersion(store.db, tenant.id, mia, v(version), 'marketing', at(2));
  await approveDefinitionVersion(store.db, tenant.id, sam, v(version), 'sales', at(3));
}

describe('the qualification definition workflow', () => {
  it('takes a draft through proposal, both approvals and activation, auditing every step', async () => {
    const created = await createDefinition(store.db, tenant.id, mia, draft, at(0));
    expect(created.definition).toMatchObject({ key: 'mql', version: 1, status: 'draft', createdBy: 'mia' });
    await agreed();
    const { definition, retired } = await activateDefinitionVersion(store.db, tenant.id, mia, v(1), at(4));
    expect(definition).toMatchObject({
      status: 'active',
      approvals: { marketing: { by: 'mia' }, sales: { by: 'sam' } },
    });
    expect(retired).toBeNull();
    const audit = await listAudit(store.db, tenant.id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual(
      expect.arrayContaining([
        ['mia', 'definition.created'],
        ['mia', 'definition.proposed'],
        ['sam', 'definition.approved'],
        ['mia', 'definition.active'],
      ]),
    );
  });

  it('revises an active version into a new draft and retires the old one when the new one goes live', async () => {
    await createDefinition(store.db, tenant.id, mia, draft, at(0));
    await agreed();
    await activateDefinitionVersion(store.db, tenant.id, mia, v(1), at(4));
    const revised = await reviseDefinitionVersion(
      store.db,
      tenant.id,
      mia,
      v(1),
      { changeNote: 'wider' },
      at(5),
    );
    expect(revised.definition).toMatchObject({ version: 2, status: 'draft', approvals: {} });
    await editDefinition(
      store.db,
      tenant.id,
      mia,
      v(2),
      {
        rules: {
          all: [{ property: 'numberofemployees', operator: 'between', value: { min: 20, max: 1000 } }],
        },
      },
      at(6),
    );
    await agreed(2);
    const switched = await activateDefinitionVersion(store.db, tenant.id, ada, v(2), at(7));
    expect(switched.retired).toMatchObject({ version: 1, status: 'retired' });
    expect((await versions()).map((d) => [d.version, d.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    expect(await diffDefinitionVersions(store.db, tenant.id, 'mql', 1, 2)).toEqual([
      { path: 'rules.all[0].value.min', before: 50, after: 20 },
    ]);
  });

  it.each([
    [
      'sales drafting a definition',
      () => createDefinition(store.db, tenant.id, sam, draft, at(0)),
      /takes the marketing or admin role/,
    ],
    [
      'marketing approving for sales',
      () => approveDefinitionVersion(store.db, tenant.id, mia, v(1), 'sales', at(2)),
      /approve a definition for sales/,
    ],
  ])('refuses %s with 403 and changes nothing', async (_case, act, message) => {
    if (_case.startsWith('marketing')) {
      await createDefinition(store.db, tenant.id, mia, draft, at(0));
      await proposeDefinitionVersion(store.db, tenant.id, mia, v(1), at(1));
    }
    const before = await versions();
    await expect(act()).rejects.toMatchObject({ status: 403, message: expect.stringMatching(message) });
    expect(await versions()).toEqual(before);
  });

  it('needs two people: one holding both roles cannot approve for both sides', async () => {
    await createDefinition(store.db, tenant.id, both, draft, at(0));
    await proposeDefinitionVersion(store.db, tenant.id, both, v(1), at(1));
    await approveDefinitionVersion(store.db, tenant.id, both, v(1), 'marketing', at(2));
    await expect(
      approveDefinitionVersion(store.db, tenant.id, both, v(1), 'sales', at(3)),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('needs another approver'),
    });
    expect((await versions())[0]).toMatchObject({
      status: 'proposed',
      approvals: { marketing: { by: 'bo' } },
    });
  });

  it.each([
    ['a body naming its status', { ...draft, status: 'active' }, 'status'],
    [
      'a criterion with a bad operator',
      { ...draft, rules: { all: [{ property: 'x', operator: 'resembles' }] } },
      'rules',
    ],
    ['no name', { ...draft, name: '' }, 'name'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, body, field) => {
    const refused = await createDefinition(store.db, tenant.id, mia, body, at(0)).then(
      () => null,
      (error: { status: number; issues: { path: string }[] }) => error,
    );
    expect(refused?.status).toBe(400);
    expect(refused?.issues.map((i) => i.path).join(' ')).toContain(field);
    expect(await versions()).toEqual([]);
  });

  it('refuses lifecycle steps out of order, saying what to do', async () => {
    await createDefinition(store.db, tenant.id, mia, draft, at(0));
    await expect(activateDefinitionVersion(store.db, tenant.id, mia, v(1), at(1))).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'status', message: expect.stringContaining('proposed and approved') }],
    });
    await agreed();
    await expect(editDefinition(store.db, tenant.id, mia, v(1), { name: 'x' }, at(4))).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'status', message: expect.stringContaining('revise it into a new version') }],
    });
    await expect(createDefinition(store.db, tenant.id, mia, draft, at(5))).rejects.toMatchObject({
      status: 400,
    });
    await expect(retireDefinitionVersion(store.db, tenant.id, mia, v(9), at(6))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('dry-runs a draft against a real record without storing a verdict, naming what Baton has not read', async () => {
    await createDefinition(store.db, tenant.id, mia, draft, at(0));
    await upsertSnapshots(
      store.db,
      tenant.id,
      [
        {
          objectType: 'contacts',
          recordId: '501',
          properties: { numberofemployees: '120' },
          observedAt: at(0).getTime(),
        },
      ],
      at(0),
    );
    const run = await dryRunDefinition(
      store.db,
      tenant.id,
      v(1),
      { objectType: 'contacts', recordId: '501' },
      at(1),
    );
    expect(run.result.verdict).toBe('not_qualified');
    expect(run.result.criteria.map((c) => [c.property, c.met])).toEqual([['numberofemployees', true]]);
    expect(run.unknownProperties).toEqual(['jobtitle']);
    await expect(
      dryRunDefinition(store.db, tenant.id, v(1), { objectType: 'contacts', recordId: 'nope' }, at(1)),
    ).rejects.toMatchObject({ status: 404 });
  });
});
