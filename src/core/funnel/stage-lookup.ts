import type { PropertyBag } from '../record.ts';
import type { FunnelModel, FunnelStage, PropertyMatch } from './funnel-model.ts';

export function stageIndex(model: FunnelModel, key: string): number {
  return model.stages.findIndex((s) => s.key === key);
}

export function findStage(model: FunnelModel, key: string): FunnelStage | undefined {
  return model.stages.find((s) => s.key === key);
}

/** The function with the largest share of a stage; on a tie, the one listed first. */
export function primaryOwnerFunction(stage: FunnelStage): string {
  let best = stage.owners[0];
  for (const owner of stage.owners) if (best === undefined || owner.weight > best.weight) best = owner;
  if (best === undefined) throw new RangeError(`stage "${stage.key}" has no owners`);
  return best.function;
}

export interface StageResolution {
  readonly stage: FunnelStage;
  readonly matched: PropertyMatch & { readonly value: string };
}

/**
 * The stage a record is in according to its CRM properties: the furthest-down stage whose
 * mapping matches, because CRMs keep earlier markers (a lifecycle stage) while later ones (a lead
 * status) move on. Returns which property and value decided it, or null when nothing maps.
 */
export function resolveStageFromProperties(
  model: FunnelModel,
  properties: PropertyBag,
): StageResolution | null {
  for (let i = model.stages.length - 1; i >= 0; i--) {
    const stage = model.stages[i];
    if (!stage) continue;
    for (const match of stage.mapping) {
      const value = properties[match.property];
      if (value !== null && value !== undefined && match.values.includes(value)) {
        return { stage, matched: { ...match, value } };
      }
    }
  }
  return null;
}

/** Whether a record's CRM properties match one of a stage's mappings. */
export function stageMatches(stage: FunnelStage, properties: PropertyBag): boolean {
  return stage.mapping.some((match) => {
    const value = properties[match.property];
    return value !== null && value !== undefined && match.values.includes(value);
  });
}

/** The CRM properties a model's stage mapping reads. */
export function mappedProperties(model: FunnelModel): string[] {
  return [...new Set(model.stages.flatMap((s) => s.mapping.map((m) => m.property)))].sort();
}
