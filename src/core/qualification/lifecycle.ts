import type { Instant } from '../time.ts';
import type { Validated } from '../validation.ts';
import type { ApprovalSide, QualificationDefinition } from './definition.ts';
import { validateDefinition } from './validate-definition.ts';

/** What may change between versions; identity, status and the approval trail belong to the lifecycle. */
export type DefinitionChanges = Partial<
  Pick<
    QualificationDefinition,
    'name' | 'description' | 'scope' | 'rules' | 'disqualifiers' | 'scoring' | 'changeNote'
  >
>;

export interface Activation {
  readonly active: QualificationDefinition;
  /** The version this activation replaced, now retired; null when nothing was active. */
  readonly retired: QualificationDefinition | null;
}

const SIDES: readonly ApprovalSide[] = ['marketing', 'sales'];

function refuse<T>(path: string, message: string): Validated<T> {
  return { ok: false, issues: [{ path, message }] };
}

function named(def: QualificationDefinition): string {
  return `version ${def.version} of ${def.key}`;
}

function missingApprovals(def: QualificationDefinition): ApprovalSide[] {
  return SIDES.filter((side) => def.approvals[side] === undefined);
}

/** Marketing (or whoever drafts) submits a draft for both sides to approve. */
export function proposeDefinition(
  def: QualificationDefinition,
  by: string,
  at: Instant,
): Validated<QualificationDefinition> {
  if (def.status !== 'draft') {
    return refuse(
      'status',
      `${named(def)} is ${def.status}; only a draft can be proposed, so revise it into a new version`,
    );
  }
  return validateDefinition({ ...def, status: 'proposed', proposedBy: by, proposedAt: at });
}

/** Records one side's approval; the version becomes approved once marketing and sales have both approved it. */
export function approveDefinition(
  def: QualificationDefinition,
  side: ApprovalSide,
  by: string,
  at: Instant,
): Validated<QualificationDefinition> {
  if (def.status !== 'proposed') {
    const hint =
      def.status === 'draft' ? 'propose it first' : 'approvals are only given to a proposed version';
    return refuse('status', `${named(def)} is ${def.status}; ${hint}`);
  }
  const existing = def.approvals[side];
  if (existing !== undefined) {
    return refuse(`approvals.${side}`, `${side} already approved version ${def.version} (${existing.by})`);
  }
  const approvals = { ...def.approvals, [side]: { by, at } };
  const bothApproved = SIDES.every((s) => approvals[s] !== undefined);
  return { ok: true, value: { ...def, approvals, status: bothApproved ? 'approved' : 'proposed' } };
}

/** Edits in place are only for drafts; an agreed version never changes under the SLA that refers to it. */
export function editDraft(
  def: QualificationDefinition,
  changes: DefinitionChanges,
): Validated<QualificationDefinition> {
  if (def.status !== 'draft') {
    return refuse(
      'status',
      `${named(def)} is ${def.status} and cannot be edited; revise it into a new version`,
    );
  }
  return validateDefinition({ ...def, ...changes });
}

/** Starts the next version as a draft: same key, version + 1, no approvals, nothing carried from the lifecycle. */
export function reviseDefinition(
  def: QualificationDefinition,
  changes: DefinitionChanges,
  by: string,
  at: Instant,
): Validated<QualificationDefinition> {
  if (def.status === 'draft') {
    return refuse('status', `${named(def)} is still a draft; edit it in place instead of revising it`);
  }
  const { proposedBy, proposedAt, activatedAt, retiredAt, changeNote, ...kept } = def;
  return validateDefinition({
    ...kept,
    ...changes,
    version: def.version + 1,
    status: 'draft',
    approvals: {},
    createdBy: by,
    createdAt: at,
  });
}

/** Puts an approved version into force, retiring the version it replaces in the same step. */
export function activateDefinition(
  def: QualificationDefinition,
  at: Instant,
  currentActive?: QualificationDefinition,
): Validated<Activation> {
  if (def.status === 'proposed') {
    return {
      ok: false,
      issues: missingApprovals(def).map((side) => ({
        path: `approvals.${side}`,
        message: `${side} has not approved version ${def.version}`,
      })),
    };
  }
  if (def.status !== 'approved') {
    const needs =
      def.status === 'draft'
        ? 'it must be proposed and approved by marketing and sales first'
        : 'only an approved version can be activated';
    return refuse('status', `${named(def)} is ${def.status}; ${needs}`);
  }
  if (currentActive === undefined)
    return { ok: true, value: { active: { ...def, status: 'active', activatedAt: at }, retired: null } };
  if (currentActive.key !== def.key) {
    return refuse('currentActive.key', `the active definition is ${currentActive.key}, not ${def.key}`);
  }
  if (currentActive.status !== 'active') {
    return refuse('currentActive.status', `${named(currentActive)} is ${currentActive.status}, not active`);
  }
  if (currentActive.version === def.version) {
    return refuse('currentActive.version', `${named(def)} cannot replace itself`);
  }
  return {
    ok: true,
    value: {
      active: { ...def, status: 'active', activatedAt: at },
      retired: { ...currentActive, status: 'retired', retiredAt: at },
    },
  };
}

/** Takes an active version out of force, or shelves an approved one that will not be used. */
export function retireDefinition(
  def: QualificationDefinition,
  at: Instant,
): Validated<QualificationDefinition> {
  if (def.status !== 'active' && def.status !== 'approved') {
    return refuse(
      'status',
      `${named(def)} is ${def.status}; only an active or approved version can be retired`,
    );
  }
  return { ok: true, value: { ...def, status: 'retired', retiredAt: at } };
}
