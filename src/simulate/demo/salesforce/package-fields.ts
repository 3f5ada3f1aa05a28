import { BATON_LEAD_FIELDS, type LeadField } from '../../../crm/salesforce/baton-lead-fields.ts';
import type { CustomFieldSpec } from '../../salesforce-stand-in/org-schema.ts';

function specOf(field: LeadField): CustomFieldSpec {
  const name = field.apiName;
  switch (field.type) {
    case 'DateTime':
      return { name, type: 'datetime', label: field.label };
    case 'Number':
      return { name, type: 'double', label: field.label };
    case 'Text':
      return { name, type: 'string', length: field.length, label: field.label };
    case 'LongTextArea':
      return { name, type: 'textarea', length: field.length, label: field.label };
    case 'Picklist':
      return { name, type: 'picklist', label: field.label, picklistValues: field.values.map((v) => v.value) };
  }
}

/** The fields Baton's package adds to Lead, as an org that installed it describes them. */
export const PACKAGE_LEAD_FIELDS: readonly CustomFieldSpec[] = BATON_LEAD_FIELDS.map(specOf);
