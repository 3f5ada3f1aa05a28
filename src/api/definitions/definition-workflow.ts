import { z } from 'zod';
import type { ApprovalSide, QualificationDefinition } from '../../core/qualification/definition.ts';
import {
  activateDefinition,
  approveDefinition,
  type DefinitionChanges,
  editDraft,
  proposeDefinition,
  retireDefinition,
  reviseDefinition,
} from '../../core/qualification/lifecycle.ts';
import { validateDefinition } from '../../core/qualification/validate-definition.ts';
import type { Validated } from '../../core/validation.ts';
import { ForbiddenError, InputInvalidError, NotFoundError } from '../../errors.ts';
import { type Db, lockForTransaction, type Tx } from '../../store/database.ts';
import {
  loadQualificationDefinitions,
  saveQualificationDefinition,
} from '../../store/qualification-definitions.ts';
import type { Actor, Role } from '../actor.ts';
import { requireRole } from '../settings/require-role.ts';

/** The fields a caller may write; identity, status and approvals belong to the lifecycle. */
const changesSchema = z.strictObject({
  name: z.unknown().optional(),
  description: z.unknown().optional(),
  scope: z.unknown().optional(),
  rules: z.unknown().optional(),
  disqualifiers: z.unknown().optional(),
  scoring: z.unknown().optional(),
  changeNote: z.unknown().optional(),
});

const newDefinitionSchema = changesSchema.extend({ key: z.unknown() });

export interface DefinitionOutcome {
  readonly definition: QualificationDefinition;
  /** The version an activation took out of force, if any. */
  readonly retired: QualificationDefinition | null;
}

type Step = (versions: readonly QualificationDefinition[], at: number) => Validated<DefinitionOutcome>;

/** Marketing drafts and proposes definitions; admins may too. */
const DRAFTERS: readonly Role[] = ['marketing', 'admin'];

/** A new definition, as version 1 of its key, in draft. */
export async function createDefinition(db: Db, tenantId: string, actor: Actor, input: unknown, now: Date) {
  requireRole(actor, DRAFTERS, 'draft a definition');
  const fields = parse(newDefinitionSchema, input);
  const key = typeof fields.key === 'string' ? fields.key : '';
  return inTransaction(db, tenantId, key || 'new', actor, now, (versions, at) => {
    if (versions.length > 0) {
      return refuse('key', `a definition "${key}" exists already; revise its latest version instead`);
    }
    const { key: _, ...rest } = fields;
    return outcome(
      validateDefinition({
        ...rest,
        key: fields.key,
        version: 1,
        status: 'draft',
        approvals: {},
        disqualifiers: rest.disqualifiers ?? [],
        scoring: rest.scoring ?? {},
        scope: rest.scope ?? {},
        createdBy: actor.id,
        createdAt: at,
      }),
    );
  });
}

/** Changes a draft in place; an agreed version never changes. */
export async function editDefinition(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  changes: unknown,
  now: Date,
) {
  requireRole(actor, DRAFTERS, 'edit a definition');
  const parsed = parse(changesSchema, changes) as DefinitionChanges;
  return onVersion(db, tenantId, actor, ref, now, (def) => outcome(editDraft(def, parsed)));
}

/** A new draft version from an agreed one; only the latest version may be revised. */
export async function reviseDefinitionVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  changes: unknown,
  now: Date,
) {
  requireRole(actor, DRAFTERS, 'revise a definition');
  const parsed = parse(changesSchema, changes ?? {}) as DefinitionChanges;
  return onVersion(db, tenantId, actor, ref, now, (def, versions, at) => {
    const latest = Math.max(...versions.map((v) => v.version));
    if (latest !== def.version) {
      return refuse('version', `version ${latest} of ${def.key} exists already; revise that one`);
    }
    return outcome(reviseDefinition(def, parsed, actor.id, at));
  });
}

export async function proposeDefinitionVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  now: Date,
) {
  requireRole(actor, DRAFTERS, 'propose a definition');
  return onVersion(db, tenantId, actor, ref, now, (def, _v, at) =>
    outcome(proposeDefinition(def, actor.id, at)),
  );
}

/**
 * One side's approval, given by someone of that side. Both approvals are needed, from two people:
 * one person holding both roles cannot agree with themselves.
 */
export async function approveDefinitionVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  side: ApprovalSide,
  now: Date,
) {
  requireRole(actor, [side], `approve a definition for ${side}`);
  return onVersion(db, tenantId, actor, ref, now, (def, _v, at) => {
    const other = def.approvals[side === 'marketing' ? 'sales' : 'marketing'];
    if (other?.by === actor.id) {
      throw new ForbiddenError(
        `${actor.id} approved this version for the other side already; ${side} needs another approver`,
      );
    }
    return outcome(approveDefinition(def, side, actor.id, at));
  });
}

/** Puts an approved version in force, retiring the active version of the key in the same transaction. */
export async function activateDefinitionVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  now: Date,
) {
  requireRole(actor, DRAFTERS, 'activate a definition');
  return onVersion(db, tenantId, actor, ref, now, (def, versions, at) => {
    const current = versions.find((v) => v.status === 'active');
    const activation = activateDefinition(def, at, current);
    return activation.ok
      ? { ok: true, value: { definition: activation.value.active, retired: activation.value.retired } }
      : activation;
  });
}

export async function retireDefinitionVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  now: Date,
) {
  requireRole(actor, DRAFTERS, 'retire a definition');
  return onVersion(db, tenantId, actor, ref, now, (def, _v, at) => outcome(retireDefinition(def, at)));
}

export interface VersionRef {
  readonly key: string;
  readonly version: number;
}

function onVersion(
  db: Db,
  tenantId: string,
  actor: Actor,
  ref: VersionRef,
  now: Date,
  step: (
    def: QualificationDefinition,
    versions: readonly QualificationDefinition[],
    at: number,
  ) => Validated<DefinitionOutcome>,
): Promise<DefinitionOutcome> {
  return inTransaction(db, tenantId, ref.key, actor, now, (versions, at) => {
    const def = versions.find((v) => v.version === ref.version);
    if (!def) throw new NotFoundError(`definition ${ref.key} has no version ${ref.version}`);
    return step(def, versions, at);
  });
}

/**
 * Runs one lifecycle step under a per-definition lock, so two approvals arriving at once take
 * turns, and saves what it changed with an audit row each, all or nothing.
 */
async function inTransaction(
  db: Db,
  tenantId: string,
  key: string,
  actor: Actor,
  now: Date,
  step: Step,
): Promise<DefinitionOutcome> {
  return db.transaction(async (tx: Tx) => {
    await lockForTransaction(tx, `definition:${tenantId}:${key}`);
    const versions = await loadQualificationDefinitions(tx, tenantId, { key });
    const result = step(versions, now.getTime());
    if (!result.ok) throw new InputInvalidError(`definition ${key} was not changed`, result.issues);
    const change = { actor: actor.id, now };
    // At most one version of a key is active: the one going out of force is saved first.
    if (result.value.retired) await saveQualificationDefinition(tx, tenantId, result.value.retired, change);
    await saveQualificationDefinition(tx, tenantId, result.value.definition, change);
    return result.value;
  });
}

function outcome(result: Validated<QualificationDefinition>): Validated<DefinitionOutcome> {
  return result.ok ? { ok: true, value: { definition: result.value, retired: null } } : result;
}

function refuse(path: string, message: string): Validated<never> {
  return { ok: false, issues: [{ path, message }] };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputInvalidError(
      'the definition was not changed',
      parsed.error.issues.flatMap((i) =>
        // A field the caller may not write is named by its own path, like any other bad field.
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: 'cannot be written here' }))
          : [{ path: i.path.join('.'), message: i.message }],
      ),
    );
  }
  return parsed.data;
}
