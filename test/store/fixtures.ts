import type { FunnelModel } from '../../src/core/funnel/funnel-model.ts';
import type { LedgerEntry } from '../../src/core/journey/ledger-entry.ts';
import type { QualificationResult } from '../../src/core/qualification/qualification-result.ts';
import type { Db } from '../../src/store/database.ts';
import type { DefinitionVersion } from '../../src/store/definitions.ts';
import { createTenant, type Tenant } from '../../src/store/tenants.ts';

export const T0 = Date.parse('2026-03-02T10:00:00.123Z');
export const MINUTE = 60_000;
export const at = (minutesAfterT0: number) => new Date(T0 + minutesAfterT0 * MINUTE);

let portal = 1000;

export function installTenant(db: Db, name = 'Acme'): Promise<Tenant> {
  portal += 1;
  return createTenant(db, { crm: 'hubspot', externalId: String(portal), name, status: 'active' }, at(0));
}

/** A plausible MQL → SAL hand-off for one record, as the core would derive it. */
export function handoffEntries(recordId: string, startMinutes = 0): LedgerEntry[] {
  const t = (m: number) => T0 + (startMinutes + m) * MINUTE;
  return [
    {
      kind: 'stage_entered',
      recordId,
      occurredAt: t(0),
      dedupeKey: `stage:mql:${t(0)}`,
      stage: 'mql',
      ownerFunction: 'marketing',
      ownerPerson: null,
    },
    {
      kind: 'handoff_event',
      recordId,
      occurredAt: t(0),
      dedupeKey: `event:qualified:${t(0)}`,
      event: 'qualified',
      stage: 'mql',
      ownerFunction: 'marketing',
      ownerPerson: null,
      definitionKey: 'mql_default',
      definitionVersion: 3,
    },
    {
      kind: 'stage_entered',
      recordId,
      occurredAt: t(30),
      dedupeKey: `stage:sal:${t(30)}`,
      stage: 'sal',
      ownerFunction: 'sales',
      ownerPerson: 'rep-7',
    },
    {
      kind: 'handoff_event',
      recordId,
      occurredAt: t(45),
      dedupeKey: `event:rejected:${t(45)}`,
      event: 'rejected',
      stage: 'sal',
      ownerFunction: 'sales',
      ownerPerson: 'rep-7',
      reasonCode: 'not_icp',
      feedback: 'Student, no budget',
      actor: 'user:rep-7',
    },
  ];
}

export const funnelModel: FunnelModel = {
  key: 'waterfall',
  name: 'Demand waterfall',
  functions: [
    { key: 'marketing', label: 'Marketing' },
    { key: 'sales', label: 'Sales' },
  ],
  calendar: {
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: '09:00',
    dayEnd: '17:00',
    holidays: [],
  },
  stages: [
    {
      key: 'mql',
      label: 'MQL',
      owners: [{ function: 'marketing', weight: 1 }],
      mapping: [{ property: 'lifecyclestage', values: ['marketingqualifiedlead'] }],
      milestones: ['qualified', 'handed_off'],
    },
    {
      key: 'sal',
      label: 'SAL',
      owners: [{ function: 'sales', weight: 1 }],
      mapping: [{ property: 'hs_lead_status', values: ['OPEN'] }],
      isHandoff: true,
    },
  ],
};

export function draftDefinition(key: string, version: number): DefinitionVersion {
  return {
    key,
    version,
    status: 'draft',
    scope: { objectType: 'contacts' },
    body: { all: [{ property: 'jobtitle', operator: 'contains', value: 'Director' }], threshold: 60 },
    marketingApprovedBy: null,
    marketingApprovedAt: null,
    salesApprovedBy: null,
    salesApprovedAt: null,
    createdBy: 'user:marketer',
    createdAt: at(0),
    activatedAt: null,
    retiredAt: null,
  };
}

/** A verdict as the core would produce it, trimmed to what the store keeps and returns. */
export function qualifiedResult(version = 1): QualificationResult {
  const criterion = {
    path: 'rules.all[0]',
    label: 'Company size ≥ 50',
    operator: 'between' as const,
    property: 'numberofemployees',
    expected: { min: 50 },
    observed: '120',
    met: true,
  };
  return {
    verdict: 'qualified',
    definitionKey: 'mql_default',
    definitionVersion: version,
    fitScore: 40,
    engagementScore: 30,
    fitThreshold: 30,
    engagementThreshold: 20,
    criteria: [criterion],
    disqualifiedBy: [],
    scores: [],
    decidedBy: 'all_met',
    decisiveCriterion: null,
    explanation: 'Qualified: every rule met.',
  };
}
