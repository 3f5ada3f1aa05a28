import { z } from 'zod';
import {
  DEFAULT_CHANNELS,
  validateChannels,
  validateSourceMapping,
} from '../../core/attribution/channels.ts';
import { validateReasonCodes } from '../../core/journey/reason-codes.ts';
import type { ValidationIssue } from '../../core/validation.ts';
import { InputInvalidError } from '../../errors.ts';
import { tenantSettingsSchema } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import type { JsonObject } from '../../store/schema.ts';
import { updateTenantSettings } from '../../store/tenants.ts';
import type { Actor } from '../actor.ts';
import { roleSettingsSchema } from '../roles.ts';
import { requireRole } from './require-role.ts';

/** The sections an admin saves; each replaces the tenant's own whole, and `null` returns it to the CRM's default. */
export const SETTINGS_SECTIONS = [
  'reasonCodes',
  'journeyMapping',
  'channels',
  'sourceMapping',
  'scopeProperties',
  'reports',
  'slaRouting',
  'roles',
] as const;

const patchSchema = z.strictObject(
  Object.fromEntries(SETTINGS_SECTIONS.map((s) => [s, z.unknown().optional()])),
);

/**
 * Saves sections of a tenant's settings: reason codes, status mappings, channels, source table,
 * scope properties. The merged result must pass the same schema the worker loads it with, and
 * the core's own checks; nothing is saved otherwise, and each issue names its field.
 */
export async function saveTenantSettings(
  db: Db,
  tenantId: string,
  actor: Actor,
  patch: unknown,
  now: Date,
): Promise<JsonObject> {
  requireRole(actor, ['admin'], 'change the settings');
  const sections = patchSchema.safeParse(patch);
  if (!sections.success) throw refused(sections.error.issues.map(issueOf));
  return updateTenantSettings(
    db,
    tenantId,
    (current) => {
      const merged: Record<string, unknown> = { ...current };
      for (const [key, value] of Object.entries(sections.data)) {
        if (value === null) delete merged[key];
        else if (value !== undefined) merged[key] = value;
      }
      const issues = check(merged);
      if (issues.length > 0) throw refused(issues);
      return merged;
    },
    { actor: actor.id, now },
  );
}

function check(settings: Record<string, unknown>): ValidationIssue[] {
  const parsed = tenantSettingsSchema.safeParse(settings);
  if (!parsed.success) return parsed.error.issues.map(issueOf);
  const roles = settings.roles === undefined ? null : roleSettingsSchema.safeParse(settings.roles);
  if (roles && !roles.success)
    return roles.error.issues.map((i) => ({ ...issueOf(i), path: `roles.${issueOf(i).path}` }));
  const { reasonCodes, channels, sourceMapping } = parsed.data;
  const within = (section: string, issues: readonly ValidationIssue[]) =>
    issues.map((i) => ({
      path: `${section}${i.path.startsWith('[') || i.path === '' ? '' : '.'}${i.path}`,
      message: i.message,
    }));
  const codes = reasonCodes ? validateReasonCodes(reasonCodes) : { ok: true as const };
  const list = channels ? validateChannels(channels) : { ok: true as const };
  const table = sourceMapping
    ? validateSourceMapping(sourceMapping, channels ?? DEFAULT_CHANNELS)
    : { ok: true as const };
  return [
    ...(codes.ok ? [] : within('reasonCodes', codes.issues)),
    ...(list.ok ? [] : within('channels', list.issues)),
    ...(table.ok ? [] : within('sourceMapping', table.issues)),
  ];
}

function issueOf(issue: z.core.$ZodIssue): ValidationIssue {
  return issue.code === 'unrecognized_keys'
    ? { path: issue.keys.join(', '), message: 'is not a settings section' }
    : { path: issue.path.join('.'), message: issue.message };
}

function refused(issues: readonly ValidationIssue[]): InputInvalidError {
  return new InputInvalidError('the settings were not saved', issues);
}
