import {
  CONTACT_GROUPS,
  CONTACT_PROPERTIES,
  type GroupSeed,
  LEAD_GROUPS,
  LEAD_PROPERTIES,
  type PropertyOption,
  type PropertySeed,
  SYSTEM_PROPERTIES,
} from './default-properties.ts';

export type StandInObjectType = 'contacts' | 'leads';

export interface PropertyDefinition extends PropertySeed {
  readonly description: string;
  readonly options: readonly PropertyOption[];
  readonly hubspotDefined: boolean;
  readonly displayOrder: number;
  readonly hidden: boolean;
  readonly formField: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PropertyGroupDefinition extends GroupSeed {
  readonly displayOrder: number;
}

export interface NewProperty extends PropertySeed {
  readonly description?: string;
  readonly displayOrder?: number;
  readonly hidden?: boolean;
  readonly formField?: boolean;
}

export type PropertyPatch = Partial<Omit<NewProperty, 'name'>>;

export type CreateOutcome =
  | { readonly kind: 'created'; readonly definition: PropertyDefinition }
  | { readonly kind: 'exists' | 'no_group' | 'no_options'; readonly message: string };

export interface PropertyRegistry {
  groups(objectType: StandInObjectType): PropertyGroupDefinition[];
  createGroup(objectType: StandInObjectType, group: PropertyGroupDefinition): 'created' | 'exists';
  properties(objectType: StandInObjectType): PropertyDefinition[];
  property(objectType: StandInObjectType, name: string): PropertyDefinition | undefined;
  createProperty(objectType: StandInObjectType, property: NewProperty): CreateOutcome;
  updateProperty(
    objectType: StandInObjectType,
    name: string,
    patch: PropertyPatch,
  ): PropertyDefinition | undefined;
}

/** Properties and groups per object type, starting from HubSpot's defaults. */
export function createPropertyRegistry(now: () => number): PropertyRegistry {
  const groups = new Map<StandInObjectType, Map<string, PropertyGroupDefinition>>();
  const properties = new Map<StandInObjectType, Map<string, PropertyDefinition>>();
  const seed = (
    objectType: StandInObjectType,
    groupSeeds: readonly GroupSeed[],
    seeds: readonly PropertySeed[],
  ) => {
    groups.set(objectType, new Map(groupSeeds.map((g, index) => [g.name, { ...g, displayOrder: index }])));
    properties.set(
      objectType,
      new Map(seeds.map((p, index) => [p.name, defineProperty({ ...p, displayOrder: index }, true, now())])),
    );
  };
  seed('contacts', CONTACT_GROUPS, CONTACT_PROPERTIES);
  seed('leads', LEAD_GROUPS, LEAD_PROPERTIES);
  const groupsOf = (objectType: StandInObjectType) => groups.get(objectType) ?? new Map();
  const propertiesOf = (objectType: StandInObjectType) => properties.get(objectType) ?? new Map();

  return {
    groups: (objectType) => [...groupsOf(objectType).values()],
    createGroup(objectType, group) {
      const held = groupsOf(objectType);
      if (held.has(group.name)) return 'exists';
      held.set(group.name, group);
      return 'created';
    },
    properties: (objectType) => [...propertiesOf(objectType).values()],
    property: (objectType, name) => propertiesOf(objectType).get(name),
    createProperty(objectType, property) {
      const held = propertiesOf(objectType);
      if (held.has(property.name)) {
        return { kind: 'exists', message: `A property named '${property.name}' already exists.` };
      }
      if (!groupsOf(objectType).has(property.groupName)) {
        return { kind: 'no_group', message: `Property group '${property.groupName}' does not exist.` };
      }
      if (property.type === 'enumeration' && (property.options ?? []).length === 0) {
        return { kind: 'no_options', message: `Enumeration property '${property.name}' needs options.` };
      }
      const definition = defineProperty(property, false, now());
      held.set(property.name, definition);
      return { kind: 'created', definition };
    },
    updateProperty(objectType, name, patch) {
      const held = propertiesOf(objectType);
      const current = held.get(name);
      if (!current) return undefined;
      const updated: PropertyDefinition = { ...current, ...patch, updatedAt: now() };
      held.set(name, updated);
      return updated;
    },
  };
}

function defineProperty(property: NewProperty, hubspotDefined: boolean, at: number): PropertyDefinition {
  return {
    ...property,
    description: property.description ?? '',
    options: property.options ?? [],
    hubspotDefined,
    displayOrder: property.displayOrder ?? -1,
    hidden: property.hidden ?? false,
    formField: property.formField ?? !hubspotDefined,
    createdAt: at,
    updatedAt: at,
  };
}

/** A property as HubSpot's properties API returns it (the spec's `Property`). */
export function propertyResource(definition: PropertyDefinition, ownerOptions: readonly PropertyOption[]) {
  const options = definition.ownerReference ? ownerOptions : definition.options;
  return {
    name: definition.name,
    label: definition.label,
    description: definition.description,
    groupName: definition.groupName,
    type: definition.type,
    fieldType: definition.fieldType,
    options: options.map((option, index) => ({
      label: option.label,
      value: option.value,
      description: option.description ?? '',
      displayOrder: option.displayOrder ?? index,
      hidden: option.hidden ?? false,
    })),
    displayOrder: definition.displayOrder,
    hidden: definition.hidden,
    formField: definition.formField,
    hasUniqueValue: definition.hasUniqueValue ?? false,
    hubspotDefined: definition.hubspotDefined,
    calculated: false,
    externalOptions: definition.ownerReference ?? false,
    ...(definition.ownerReference ? { referencedObjectType: 'OWNER' } : {}),
    modificationMetadata: {
      archivable: !definition.hubspotDefined,
      readOnlyDefinition: definition.hubspotDefined,
      readOnlyValue: definition.readOnlyValue ?? false,
    },
    createdAt: new Date(definition.createdAt).toISOString(),
    updatedAt: new Date(definition.updatedAt).toISOString(),
    archived: false,
  };
}

export function isSystemProperty(name: string): boolean {
  return SYSTEM_PROPERTIES.has(name);
}
