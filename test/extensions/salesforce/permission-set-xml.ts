import {
  BATON_LEAD_FIELDS,
  DISPOSITION_FEEDBACK_FIELD,
  DISPOSITION_FIELD,
} from '../../../src/crm/salesforce/baton-lead-fields.ts';
import { escapeXml } from './xml-text.ts';

export interface PermissionSetSpec {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Whether holders may edit the field (API name); every Baton field is readable. */
  readonly editable: (apiName: string) => boolean;
}

const CARD_WRITES = new Set([DISPOSITION_FIELD.apiName, DISPOSITION_FEEDBACK_FIELD.apiName]);

/**
 * The package's two permission sets. Reps read every Baton field and edit only what the card's
 * Accept and Reject write; admins read and edit all of them. Neither grants object access: the
 * users' profiles already give them Leads, and a package should not widen that.
 */
export const PERMISSION_SETS: readonly PermissionSetSpec[] = [
  {
    name: 'Baton_Sales_Rep',
    label: 'Baton Sales Rep',
    description:
      "Reads Baton's fields on Lead and lets the Baton card's Accept and Reject write the disposition. Assign to everyone who works leads.",
    editable: (apiName) => CARD_WRITES.has(apiName),
  },
  {
    name: 'Baton_Admin',
    label: 'Baton Admin',
    description:
      "Reads and edits every Baton field on Lead, for admins who set Baton up, correct data or build reports on Baton's fields.",
    editable: () => true,
  },
];

/** A permission set file as committed; `write-package-files.ts` writes it and the package test reads it. */
export function permissionSetXml(spec: PermissionSetSpec): string {
  const fields = [...BATON_LEAD_FIELDS].sort((a, b) => a.apiName.localeCompare(b.apiName));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">',
    `    <description>${escapeXml(spec.description)}</description>`,
    ...fields.flatMap((f) => [
      '    <fieldPermissions>',
      `        <editable>${spec.editable(f.apiName)}</editable>`,
      `        <field>Lead.${f.apiName}</field>`,
      '        <readable>true</readable>',
      '    </fieldPermissions>',
    ]),
    '    <hasActivationRequired>false</hasActivationRequired>',
    `    <label>${escapeXml(spec.label)}</label>`,
    '</PermissionSet>',
    '',
  ].join('\n');
}
