import type { FunnelModel, FunnelPresetKey } from '../../core/funnel/funnel-model.ts';
import { createPresetModel, FUNNEL_PRESETS, type FunnelPresetSummary } from '../../core/funnel/presets.ts';
import { validateFunnelModel } from '../../core/funnel/validate-funnel-model.ts';
import { InputInvalidError } from '../../errors.ts';
import { defaultFunnelModel, type TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import { getActiveFunnelModel, saveFunnelModel } from '../../store/funnel-models.ts';
import type { Actor } from '../actor.ts';
import { requireRole } from './require-role.ts';

export interface FunnelSettings {
  /** The model in force: stages, weighted co-owners, SLAs, business hours and CRM mappings. */
  readonly model: FunnelModel;
  /** Null while the tenant runs on its CRM's default model. */
  readonly version: number | null;
  readonly presets: readonly FunnelPresetSummary[];
}

export async function getFunnelSettings(
  db: Db,
  tenantId: string,
  defaults: TenantDefaults,
): Promise<FunnelSettings> {
  const stored = await getActiveFunnelModel(db, tenantId);
  return {
    model: stored?.model ?? defaultFunnelModel(defaults),
    version: stored?.version ?? null,
    presets: FUNNEL_PRESETS,
  };
}

/**
 * Saves a whole funnel model (ownership, SLAs, business hours, mappings) as the next version, once
 * the core's schema accepts it; only admins change the model.
 */
export async function saveFunnelSettings(
  db: Db,
  tenantId: string,
  actor: Actor,
  input: unknown,
  now: Date,
): Promise<FunnelSettings & { readonly version: number }> {
  requireRole(actor, ['admin'], 'change the funnel model');
  const valid = validateFunnelModel(input);
  if (!valid.ok) throw new InputInvalidError('the funnel model was not saved', valid.issues);
  const saved = await saveFunnelModel(db, tenantId, valid.value, { actor: actor.id, now });
  return { model: saved.model, version: saved.version, presets: FUNNEL_PRESETS };
}

/** A preset on the CRM's fields, keeping the tenant's business hours: where an admin starts editing. */
export function presetOnCrmFields(
  preset: FunnelPresetKey,
  defaults: TenantDefaults,
  current: FunnelModel,
): FunnelModel {
  return createPresetModel(preset, { mapping: defaults.stageMappings[preset], calendar: current.calendar });
}
