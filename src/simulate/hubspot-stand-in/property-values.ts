import { LIFECYCLE_STAGES } from './default-properties.ts';
import { isSystemProperty, type PropertyDefinition } from './property-registry.ts';

/** Who is writing: an app through the API, or the portal itself (its users, forms, tracking). */
export type PropertyWriter = 'api' | 'portal';

export interface PropertyProblem {
  readonly name: string;
  /** HubSpot's error code for the value, e.g. `PROPERTY_DOESNT_EXIST`, `INVALID_OPTION`. */
  readonly error: string;
  readonly message: string;
}

export interface CheckedValues {
  /** Values as HubSpot stores them (times in ISO 8601). */
  readonly accepted: Record<string, string>;
  readonly problems: readonly PropertyProblem[];
}

export interface ValueContext {
  readonly definitionOf: (name: string) => PropertyDefinition | undefined;
  readonly isOwner: (id: string) => boolean;
  readonly writer: PropertyWriter;
  readonly current: Readonly<Record<string, string>>;
}

/** Checks values the way HubSpot does before writing any of them; an empty string clears. */
export function checkPropertyValues(
  values: Readonly<Record<string, string>>,
  context: ValueContext,
): CheckedValues {
  const accepted: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(values)) {
    const definition = context.definitionOf(name);
    const problem = (error: string, message: string) => problems.push({ name, error, message });
    if (!definition) {
      problem('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
      continue;
    }
    if (isSystemProperty(name) || (context.writer === 'api' && definition.readOnlyValue)) {
      problem('READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`);
      continue;
    }
    const value = raw.trim() === '' ? '' : normalize(definition, raw, context);
    if (value === null) {
      problem(errorFor(definition), `${JSON.stringify(raw)} was not a valid ${describe(definition)}.`);
      continue;
    }
    if (name === 'lifecyclestage' && movesBackward(context.current.lifecyclestage, value)) {
      problem(
        'INVALID_OPTION',
        `Lifecycle stage cannot move backwards from ${context.current.lifecyclestage} to ${value}; clear it first.`,
      );
      continue;
    }
    accepted[name] = value;
  }
  return { accepted, problems };
}

function normalize(definition: PropertyDefinition, raw: string, context: ValueContext): string | null {
  const value = raw.trim();
  switch (definition.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? value : null;
    case 'bool':
      return value === 'true' || value === 'false' ? value : null;
    case 'datetime': {
      const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
      return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
    }
    case 'date': {
      const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
      // HubSpot's date properties hold a day: epoch values must be midnight UTC.
      if (!Number.isFinite(ms) || ms % 86_400_000 !== 0) return null;
      return new Date(ms).toISOString().slice(0, 10);
    }
    case 'enumeration': {
      const allowed = definition.ownerReference
        ? context.isOwner
        : (option: string) => definition.options.some((o) => o.value === option);
      const chosen = definition.fieldType === 'checkbox' ? value.split(';') : [value];
      return chosen.every(allowed) ? value : null;
    }
    default:
      return raw;
  }
}

function errorFor(definition: PropertyDefinition): string {
  if (definition.type === 'enumeration') return 'INVALID_OPTION';
  if (definition.type === 'number') return 'INVALID_INTEGER';
  if (definition.type === 'date' || definition.type === 'datetime') return 'INVALID_DATE';
  return 'INVALID_PROPERTY_VALUE';
}

function describe(definition: PropertyDefinition): string {
  if (definition.ownerReference) return 'owner id of this portal';
  if (definition.type === 'enumeration') {
    return `option for ${definition.name} (one of ${definition.options.map((o) => o.value).join(', ')})`;
  }
  return `${definition.type} for ${definition.name}`;
}

const LIFECYCLE_ORDER: readonly string[] = LIFECYCLE_STAGES;
const stageRank = (stage: string) => LIFECYCLE_ORDER.indexOf(stage);

function movesBackward(from: string | undefined, to: string): boolean {
  if (!from || to === '') return false;
  const [fromRank, toRank] = [stageRank(from), stageRank(to)];
  return fromRank >= 0 && toRank >= 0 && toRank < fromRank;
}
