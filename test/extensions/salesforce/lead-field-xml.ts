import type { LeadField } from '../../../src/crm/salesforce/baton-lead-fields.ts';
import { escapeXml } from './xml-text.ts';

const tag = (name: string, value: string | number | boolean, indent = '    ') =>
  `${indent}<${name}>${escapeXml(String(value))}</${name}>`;

/** The type-specific elements, in the order the Metadata API's CustomField lists them. */
function typeElements(field: LeadField): string[] {
  switch (field.type) {
    case 'DateTime':
      return [tag('required', false), tag('trackHistory', false), tag('type', 'DateTime')];
    case 'Number':
      return [
        tag('precision', field.precision),
        tag('required', false),
        tag('scale', field.scale),
        tag('trackHistory', false),
        tag('type', 'Number'),
        tag('unique', false),
      ];
    case 'Text':
      return [
        tag('length', field.length),
        tag('required', false),
        tag('trackHistory', false),
        tag('type', 'Text'),
        tag('unique', false),
      ];
    case 'LongTextArea':
      return [
        tag('length', field.length),
        tag('trackHistory', false),
        tag('type', 'LongTextArea'),
        tag('visibleLines', field.visibleLines),
      ];
    case 'Picklist':
      return [
        tag('required', false),
        tag('trackHistory', false),
        tag('type', 'Picklist'),
        '    <valueSet>',
        tag('restricted', true, '        '),
        '        <valueSetDefinition>',
        tag('sorted', false, '            '),
        ...field.values.flatMap((v) => [
          '            <value>',
          tag('fullName', v.value, '                '),
          tag('default', false, '                '),
          tag('label', v.label, '                '),
          '            </value>',
        ]),
        '        </valueSetDefinition>',
        '    </valueSet>',
      ];
  }
}

/** Whether the field type takes an `externalId` element (only text, number and email fields can be one). */
function canBeExternalId(field: LeadField): boolean {
  return field.type === 'Text' || field.type === 'Number';
}

/**
 * The package's `objects/Lead/fields/<fullName>.field-meta.xml` for a field, exactly as committed:
 * `write-package-files.ts` writes these, and the package test checks the files still match.
 */
export function leadFieldXml(field: LeadField): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">',
    tag('fullName', field.fullName),
    tag('description', field.description),
    ...(canBeExternalId(field) ? [tag('externalId', false)] : []),
    tag('label', field.label),
    ...typeElements(field),
    '</CustomField>',
    '',
  ].join('\n');
}
