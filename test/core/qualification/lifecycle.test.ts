import { describe, expect, it } from 'vitest';
import type {
  DefinitionStatus,
  QualificationDefinition,
} from '../../../src/core/qualification/definition.ts';
import {
  activateDefinition,
  approveDefinition,
  editDraft,
  proposeDefinition,
  retireDefinition,
  reviseDefinition,
} from '../../../src/core/qualification/lifecycle.ts';
import { unwrap, type Validated } from '../../../src/core/validation.ts';
import { CREATED, draftDefinition } from './fixtures.ts';

const T = (hours: number) => CREATED + hours * 3_600_000;

const draft = draftDefinition({ version: 3, changeNote: 'Add Canada' });
const proposed = unwrap('propose', proposeDefinition(draft, 'mia@marketing', T(1)));
const marketingApproved = unwrap('approve', approveDefinition(proposed, 'marketing', 'mia@marketing', T(2)));
const approved = unwrap('approve', approveDefinition(marketingApproved, 'sales', 'sam@sales', T(3)));
const { active } = unwrap('activate', activateDefinition(approved, T(4)));
const retired = unwrap('retire', retireDefinition(active, T(5)));

const BY_STATUS: Readonly<Record<DefinitionStatus, QualificationDefinition>> = {
  draft,
  proposed,
  approved,
  active,
  retired,
};

function issuesOf<T>(result: Validated<T>) {
  if (result.ok) throw new Error('expected the transition to be refused');
  return result.issues;
}

describe('definition lifecycle: the happy path', () => {
  it('moves draft → proposed → approved (both sides) → active → retired', () => {
    expect(proposed).toMatchObject({ status: 'proposed', proposedBy: 'mia@marketing', proposedAt: T(1) });
    expect(marketingApproved).toMatchObject({
      status: 'proposed',
      approvals: { marketing: { by: 'mia@marketing', at: T(2) } },
    });
    expect(approved).toMatchObject({
      status: 'approved',
      approvals: { marketing: { by: 'mia@marketing', at: T(2) }, sales: { by: 'sam@sales', at: T(3) } },
    });
    expect(active).toMatchObject({ status: 'active', activatedAt: T(4), version: 3 });
    expect(retired).toMatchObject({ status: 'retired', retiredAt: T(5), activatedAt: T(4) });
  });

  it('needs both approvals in either order', () => {
    const salesFirst = unwrap('approve', approveDefinition(proposed, 'sales', 'sam@sales', T(2)));
    expect(salesFirst.status).toBe('proposed');
    const both = unwrap('approve', approveDefinition(salesFirst, 'marketing', 'mia@marketing', T(3)));
    expect(both.status).toBe('approved');
  });

  it('retires the version it replaces when activating', () => {
    const next = unwrap(
      'revise',
      reviseDefinition(active, { name: 'Global MQL 2026' }, 'mia@marketing', T(10)),
    );
    const nextApproved = [
      (d: QualificationDefinition) => proposeDefinition(d, 'mia@marketing', T(11)),
      (d: QualificationDefinition) => approveDefinition(d, 'marketing', 'mia@marketing', T(12)),
      (d: QualificationDefinition) => approveDefinition(d, 'sales', 'sam@sales', T(13)),
    ].reduce((d, step) => unwrap('step', step(d)), next);
    const result = unwrap('activate', activateDefinition(nextApproved, T(14), active));
    expect(result.active).toMatchObject({ version: 4, status: 'active', activatedAt: T(14) });
    expect(result.retired).toMatchObject({ version: 3, status: 'retired', retiredAt: T(14) });
  });

  it('may shelve an approved version that was never activated', () => {
    expect(unwrap('retire', retireDefinition(approved, T(6)))).toMatchObject({
      status: 'retired',
      retiredAt: T(6),
    });
  });

  it('leaves the input definitions untouched', () => {
    expect(draft.status).toBe('draft');
    expect(proposed.approvals).toEqual({});
  });
});

describe('definition lifecycle: refused transitions', () => {
  it.each(['proposed', 'approved', 'active', 'retired'] as const)('proposing a %s version', (status) => {
    expect(issuesOf(proposeDefinition(BY_STATUS[status], 'mia', T(9)))).toEqual([
      {
        path: 'status',
        message: expect.stringContaining(`version 3 of mql is ${status}; only a draft can be proposed`),
      },
    ]);
  });

  it.each([
    ['draft', 'propose it first'],
    ['approved', 'approvals are only given to a proposed version'],
    ['active', 'approvals are only given to a proposed version'],
    ['retired', 'approvals are only given to a proposed version'],
  ] as const)('approving a %s version', (status, hint) => {
    expect(issuesOf(approveDefinition(BY_STATUS[status], 'sales', 'sam', T(9)))).toEqual([
      { path: 'status', message: `version 3 of mql is ${status}; ${hint}` },
    ]);
  });

  it('approving twice for the same side', () => {
    expect(issuesOf(approveDefinition(marketingApproved, 'marketing', 'max', T(9)))).toEqual([
      { path: 'approvals.marketing', message: 'marketing already approved version 3 (mia@marketing)' },
    ]);
  });

  it('activating before sales has approved', () => {
    expect(issuesOf(activateDefinition(marketingApproved, T(9)))).toEqual([
      { path: 'approvals.sales', message: 'sales has not approved version 3' },
    ]);
  });

  it('activating before anyone has approved', () => {
    expect(issuesOf(activateDefinition(proposed, T(9))).map((i) => i.message)).toEqual([
      'marketing has not approved version 3',
      'sales has not approved version 3',
    ]);
  });

  it.each([
    ['draft', 'it must be proposed and approved by marketing and sales first'],
    ['active', 'only an approved version can be activated'],
    ['retired', 'only an approved version can be activated'],
  ] as const)('activating a %s version', (status, needs) => {
    expect(issuesOf(activateDefinition(BY_STATUS[status], T(9)))).toEqual([
      { path: 'status', message: `version 3 of mql is ${status}; ${needs}` },
    ]);
  });

  it.each([
    ['another key', { ...active, key: 'sql' }, 'currentActive.key'],
    ['a version that is not active', retired, 'currentActive.status'],
    ['itself', { ...approved, status: 'active' as const, activatedAt: T(4) }, 'currentActive.version'],
  ])('activating in place of %s', (_name, current, path) => {
    expect(issuesOf(activateDefinition(approved, T(9), current))).toEqual([
      { path, message: expect.any(String) },
    ]);
  });

  it.each(['draft', 'proposed', 'retired'] as const)('retiring a %s version', (status) => {
    expect(issuesOf(retireDefinition(BY_STATUS[status], T(9)))).toEqual([
      {
        path: 'status',
        message: `version 3 of mql is ${status}; only an active or approved version can be retired`,
      },
    ]);
  });

  it.each(['proposed', 'approved', 'active', 'retired'] as const)(
    'editing a %s version in place',
    (status) => {
      expect(issuesOf(editDraft(BY_STATUS[status], { name: 'Changed' }))).toEqual([
        {
          path: 'status',
          message: `version 3 of mql is ${status} and cannot be edited; revise it into a new version`,
        },
      ]);
    },
  );

  it('revising a draft instead of editing it', () => {
    expect(issuesOf(reviseDefinition(draft, {}, 'mia', T(9)))[0]?.message).toContain('edit it in place');
  });

  it('proposing a draft that is not valid', () => {
    const broken: QualificationDefinition = {
      ...draft,
      rules: { operator: 'between', property: 'employees', value: { min: 500, max: 50 } },
    };
    expect(issuesOf(proposeDefinition(broken, 'mia', T(9)))).toEqual([
      { path: 'rules.value', message: expect.stringContaining('min 500 is greater than max 50') },
    ]);
  });
});

describe('editing and revising', () => {
  it('edits a draft in place, validating the change', () => {
    expect(unwrap('edit', editDraft(draft, { name: 'Renamed' }))).toMatchObject({
      name: 'Renamed',
      version: 3,
    });
    expect(issuesOf(editDraft(draft, { scoring: { fit: [], engagement: [], fitThreshold: 10 } }))).toEqual([
      expect.objectContaining({ path: 'scoring.fitThreshold' }),
    ]);
  });

  it.each(['proposed', 'approved', 'active', 'retired'] as const)(
    'revising a %s version starts a clean draft of the next version',
    (status) => {
      const rules = { operator: 'in', property: 'country', value: ['US', 'CA'] } as const;
      const revised = unwrap(
        'revise',
        reviseDefinition(BY_STATUS[status], { rules, changeNote: 'Add Mexico next' }, 'rob@marketing', T(20)),
      );
      expect(revised).toMatchObject({
        key: 'mql',
        version: 4,
        status: 'draft',
        approvals: {},
        rules,
        createdBy: 'rob@marketing',
        createdAt: T(20),
        changeNote: 'Add Mexico next',
      });
      for (const field of ['proposedBy', 'proposedAt', 'activatedAt', 'retiredAt'] as const) {
        expect(revised).not.toHaveProperty(field);
      }
    },
  );

  it('does not carry the previous change note forward', () => {
    const revised = unwrap('revise', reviseDefinition(active, {}, 'rob', T(20)));
    expect(revised).not.toHaveProperty('changeNote');
  });

  it('refuses a revision whose changes are not valid', () => {
    const disqualifiers = [{ operator: 'exists', property: 'email' } as const];
    expect(issuesOf(reviseDefinition(active, { disqualifiers }, 'rob', T(20)))).toEqual([
      expect.objectContaining({ path: 'disqualifiers[0]', message: expect.stringContaining('rules') }),
    ]);
  });
});
