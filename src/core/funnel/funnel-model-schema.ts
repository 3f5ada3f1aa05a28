import { z } from 'zod';
import { businessCalendarSchema } from './business-calendar-schema.ts';
import type { FunnelModel, FunnelStage, OwnerFunction } from './funnel-model.ts';
import { FUNNEL_PRESETS } from './presets.ts';
import { objectOf, snakeCaseKey, text } from './schema-parts.ts';
import { handoffEventSchema, stageSlaSchema } from './stage-sla-schema.ts';

const WEIGHT_TOLERANCE = 1e-6;

const propertyMatchSchema = z.strictObject(
  {
    property: text('property'),
    values: z
      .array(text('value'), { error: 'values must be a list of CRM values' })
      .min(1, { error: 'a mapping needs at least one value' }),
  },
  objectOf('property match'),
);

const mappingSchema = z.array(propertyMatchSchema, { error: 'mapping must be a list of property matches' });

const ownerShareSchema = z.strictObject(
  {
    function: snakeCaseKey('owner function'),
    weight: z
      .number({ error: 'weight must be a number' })
      .positive({ error: 'weight must be greater than 0; remove an owner with no share' }),
  },
  objectOf('owner share'),
);

const stageSchema = z.strictObject(
  {
    key: snakeCaseKey('stage key'),
    label: text('label'),
    owners: z
      .array(ownerShareSchema, { error: 'owners must be a list of owner shares' })
      .min(1, { error: 'a stage needs at least one owner function' }),
    sla: stageSlaSchema.exactOptional(),
    mapping: mappingSchema,
    isHandoff: z.boolean({ error: 'isHandoff must be true or false' }).exactOptional(),
    milestones: z
      .array(handoffEventSchema, { error: 'milestones must be a list of hand-off events' })
      .exactOptional(),
    marketingSupplies: z
      .array(text('what marketing supplies').max(200, { error: 'keep each item under 200 characters' }), {
        error: 'marketingSupplies must be a list of short texts',
      })
      .max(10, { error: 'list at most 10 things marketing supplies in a stage' })
      .exactOptional(),
  },
  objectOf('stage'),
);

const functionSchema = z.strictObject(
  { key: snakeCaseKey('function key'), label: text('label') },
  objectOf('function'),
);

export const funnelModelSchema: z.ZodType<FunnelModel, unknown> = z
  .strictObject(
    {
      key: snakeCaseKey('model key'),
      name: text('name'),
      preset: z
        .enum(
          FUNNEL_PRESETS.map((p) => p.key),
          { error: `preset must be one of ${FUNNEL_PRESETS.map((p) => p.key).join(', ')}` },
        )
        .exactOptional(),
      functions: z.array(functionSchema, { error: 'functions must be a list of owner functions' }),
      stages: z
        .array(stageSchema, { error: 'stages must be a list of stages' })
        .min(1, { error: 'a funnel model needs at least one stage' }),
      calendar: businessCalendarSchema,
    },
    objectOf('a funnel model'),
  )
  .superRefine((model, ctx) => {
    for (const issue of findModelConflicts(model)) ctx.addIssue({ code: 'custom', ...issue });
  });

interface Conflict {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Cross-field rules a shape check cannot see: unique keys, known owners, shares that add up. */
function findModelConflicts(model: {
  functions: readonly OwnerFunction[];
  stages: readonly FunnelStage[];
}): Conflict[] {
  const conflicts: Conflict[] = [];
  const functionKeys = new Set<string>();
  model.functions.forEach((fn, i) => {
    if (functionKeys.has(fn.key)) {
      conflicts.push({ path: ['functions', i, 'key'], message: `function "${fn.key}" is defined twice` });
    }
    functionKeys.add(fn.key);
  });
  const stageKeys = new Set<string>();
  model.stages.forEach((stage, s) => {
    if (stageKeys.has(stage.key)) {
      conflicts.push({ path: ['stages', s, 'key'], message: `stage "${stage.key}" is defined twice` });
    }
    stageKeys.add(stage.key);
    conflicts.push(...findOwnerConflicts(stage, s, functionKeys));
  });
  return conflicts;
}

function findOwnerConflicts(stage: FunnelStage, s: number, functionKeys: ReadonlySet<string>): Conflict[] {
  const conflicts: Conflict[] = [];
  const seen = new Set<string>();
  stage.owners.forEach((owner, o) => {
    const path = ['stages', s, 'owners', o, 'function'];
    if (!functionKeys.has(owner.function)) {
      conflicts.push({
        path,
        message: `owner function "${owner.function}" is not one of the model's functions`,
      });
    } else if (seen.has(owner.function)) {
      conflicts.push({
        path,
        message: `"${owner.function}" owns stage "${stage.key}" twice; merge its shares`,
      });
    }
    seen.add(owner.function);
  });
  const total = stage.owners.reduce((sum, owner) => sum + owner.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    conflicts.push({
      path: ['stages', s, 'owners'],
      message: `owner weights of stage "${stage.key}" sum to ${Number(total.toFixed(6))}; they must sum to 1`,
    });
  }
  return conflicts;
}
