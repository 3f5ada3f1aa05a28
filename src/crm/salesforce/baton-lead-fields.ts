import { CARD_FIELDS, type CardField } from '../../core/card/card-fields.ts';
import { MAX_FEEDBACK_LENGTH } from '../../core/journey/plan-handoff-action.ts';

/** The managed package's namespace: every field Baton ships is `baton__<Name>__c` in the API. */
export const BATON_NAMESPACE = 'baton';

/** The Salesforce field types the package uses, with what each needs in its metadata. */
export type LeadFieldType =
  | { readonly type: 'DateTime' }
  | { readonly type: 'Number'; readonly precision: 18; readonly scale: number }
  | { readonly type: 'Text'; readonly length: number }
  | { readonly type: 'LongTextArea'; readonly length: number; readonly visibleLines: number }
  | {
      readonly type: 'Picklist';
      readonly values: readonly { readonly value: string; readonly label: string }[];
    };

export type LeadField = LeadFieldType & {
  /** The name in the package's source, e.g. `Stage__c` (the file `objects/Lead/fields/Stage__c.field-meta.xml`). */
  readonly fullName: string;
  /** The name the API takes, with the namespace: `baton__Stage__c`. */
  readonly apiName: string;
  readonly label: string;
  readonly description: string;
};

/** A card field whose value Baton computes from the card view and writes back. */
export type CardLeadField = LeadField & {
  readonly cardType: CardField['type'];
  readonly valueFrom: CardField['valueFrom'];
};

const TEXT_LENGTH = 255;

function pascal(key: string): string {
  return key
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('_');
}

function named(fullName: string): Pick<LeadField, 'fullName' | 'apiName'> {
  return { fullName, apiName: `${BATON_NAMESPACE}__${fullName}` };
}

function salesforceType(field: CardField): LeadFieldType {
  switch (field.type) {
    case 'datetime':
      return { type: 'DateTime' };
    case 'number':
      // A definition version is a whole number; scores may carry fractions.
      return { type: 'Number', precision: 18, scale: field.key === 'definition_version' ? 0 : 2 };
    case 'text':
      return { type: 'Text', length: TEXT_LENGTH };
    case 'enumeration':
      return { type: 'Picklist', values: field.options };
  }
}

/** The card's flat facts on the Lead, one packaged field each, for list views and reports. */
export const CARD_LEAD_FIELDS: readonly CardLeadField[] = CARD_FIELDS.map((field) => ({
  ...named(`${pascal(field.key)}__c`),
  label: field.label.charAt(0).toUpperCase() + field.label.slice(1),
  description: field.description,
  ...salesforceType(field),
  cardType: field.type,
  valueFrom: field.valueFrom,
}));

/** The largest long text area Salesforce allows. */
export const CARD_JSON_MAX_LENGTH = 131_072;

/** The whole card view as JSON, which the Lead page's component renders. */
export const CARD_JSON_FIELD: LeadField = {
  ...named('Card__c'),
  label: 'Card',
  description: "Baton's card for this lead as JSON, rendered by the Baton card on the Lead page.",
  type: 'LongTextArea',
  length: CARD_JSON_MAX_LENGTH,
  visibleLines: 3,
};

/**
 * The card's Accept and Reject write this field (JSON `{id, action, reasonCode?}`); its change
 * reaches Baton through the Outbound Message and is recorded once per `id`. A short text field,
 * because record-triggered flows watch it for changes; the feedback goes beside it.
 */
export const DISPOSITION_FIELD: LeadField = {
  ...named('Disposition__c'),
  label: 'Disposition',
  description: "A rep's accept or reject from the Baton card, as Baton's card writes it.",
  type: 'Text',
  length: TEXT_LENGTH,
};

export const DISPOSITION_FEEDBACK_FIELD: LeadField = {
  ...named('Disposition_Feedback__c'),
  label: 'Disposition feedback',
  description: 'What the rep told marketing with a rejection.',
  type: 'LongTextArea',
  length: MAX_FEEDBACK_LENGTH,
  visibleLines: 3,
};

/** Every field the package defines on Lead. */
export const BATON_LEAD_FIELDS: readonly LeadField[] = [
  ...CARD_LEAD_FIELDS,
  CARD_JSON_FIELD,
  DISPOSITION_FIELD,
  DISPOSITION_FEEDBACK_FIELD,
];

/** The fields Baton's write-back sets; the disposition fields are the card's, Baton only reads them. */
export const WRITTEN_LEAD_FIELDS: readonly string[] = [
  ...CARD_LEAD_FIELDS.map((f) => f.apiName),
  CARD_JSON_FIELD.apiName,
];
