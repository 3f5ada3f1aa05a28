import { CARD_FIELDS, type CardField, sameFieldValue } from '../../core/card/card-fields.ts';
import type { CardView } from '../../core/card/card-view.ts';

export const BATON_PROPERTY_GROUP = { name: 'baton', label: 'Baton' } as const;

/** HubSpot's pairs of data type and form field that Baton's properties use. */
export type BatonPropertyKind =
  | { readonly type: 'datetime'; readonly fieldType: 'date' }
  | { readonly type: 'number'; readonly fieldType: 'number' }
  | { readonly type: 'string'; readonly fieldType: 'text' }
  | {
      readonly type: 'enumeration';
      readonly fieldType: 'select';
      readonly options: readonly { readonly value: string; readonly label: string }[];
    };

export type BatonProperty = BatonPropertyKind & {
  readonly name: string;
  readonly label: string;
  /** Shown as help text in HubSpot. */
  readonly description: string;
  readonly valueFrom: (view: CardView) => string | number | null;
};

function hubSpotKind(field: CardField): BatonPropertyKind {
  switch (field.type) {
    case 'datetime':
      return { type: 'datetime', fieldType: 'date' };
    case 'number':
      return { type: 'number', fieldType: 'number' };
    case 'text':
      return { type: 'string', fieldType: 'text' };
    case 'enumeration':
      return { type: 'enumeration', fieldType: 'select', options: field.options };
  }
}

/** Baton's properties on contacts and on the Lead object; `docs/hubspot-properties.md` explains each. */
export const BATON_PROPERTIES: readonly BatonProperty[] = CARD_FIELDS.map((field) => ({
  name: `baton_${field.key}`,
  label: `Baton ${field.label}`,
  ...hubSpotKind(field),
  description: field.description,
  valueFrom: field.valueFrom,
}));

export const BATON_PROPERTY_NAMES: readonly string[] = BATON_PROPERTIES.map((p) => p.name);

const TYPE_BY_NAME = new Map(CARD_FIELDS.map((f) => [`baton_${f.key}`, f.type]));

/**
 * Every Baton property as HubSpot takes it: datetimes as ISO 8601 UTC (HubSpot accepts ISO or
 * epoch ms and answers reads in ISO), numbers as decimal strings, and an empty string for a value
 * Baton does not have, which clears the property in HubSpot.
 */
export function batonPropertyValues(view: CardView): Record<string, string> {
  return Object.fromEntries(
    BATON_PROPERTIES.map((property) => {
      const value = property.valueFrom(view);
      if (value === null) return [property.name, ''];
      if (property.type === 'datetime' && typeof value === 'number') {
        return [property.name, new Date(value).toISOString()];
      }
      return [property.name, String(value)];
    }),
  );
}

/** The properties whose desired value differs from HubSpot's, compared by meaning (`sameFieldValue`). */
export function changedBatonProperties(
  current: Readonly<Record<string, string | null | undefined>>,
  desired: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(desired).filter(
      ([name, value]) => !sameFieldValue(TYPE_BY_NAME.get(name), current[name], value),
    ),
  );
}
