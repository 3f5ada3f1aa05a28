import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BATON_LEAD_FIELDS,
  BATON_NAMESPACE,
  DISPOSITION_FEEDBACK_FIELD,
  DISPOSITION_FIELD,
  type LeadField,
  WRITTEN_LEAD_FIELDS,
} from '../../../src/crm/salesforce/baton-lead-fields.ts';
import { leadCardFixturesFile } from './lead-card-fixtures.ts';
import { leadFieldXml } from './lead-field-xml.ts';
import { allElements, childrenNamed, childText, parseMetadataXml, type XmlElement } from './metadata-xml.ts';
import {
  CARD_FIXTURES_FILE,
  LEAD_FIELDS_DIR,
  PACKAGE_DIR,
  PERMISSION_SETS_DIR,
  SOURCE_DIR,
} from './package-paths.ts';
import { PERMISSION_SETS, permissionSetXml } from './permission-set-xml.ts';

const REGENERATE = 'run `node test/extensions/salesforce/write-package-files.ts` and commit what it writes';
const project = JSON.parse(readFileSync(`${PACKAGE_DIR}sfdx-project.json`, 'utf8')) as {
  packageDirectories: { path: string; default?: boolean; package?: string; versionName?: string }[];
  namespace: string;
  sourceApiVersion: string;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const sourceFiles = filesUnder(`${PACKAGE_DIR}force-app`);
const metadataFiles = sourceFiles.filter((f) => f.endsWith('-meta.xml'));
const read = (file: string) => readFileSync(file, 'utf8');
const shown = (file: string) => relative(PACKAGE_DIR, file);

function parsed(file: string): XmlElement {
  try {
    return parseMetadataXml(read(file));
  } catch (error) {
    throw new Error(`${shown(file)} is not well-formed XML: ${(error as Error).message}`);
  }
}

/** Standard Lead fields the package's Flow and component may name. */
const STANDARD_LEAD_FIELDS = new Set([
  'Id',
  'OwnerId',
  'Owner.Name',
  'Status',
  'LeadSource',
  'IsConverted',
  'Rating',
]);
const PACKAGE_FIELDS = new Set(BATON_LEAD_FIELDS.map((f) => f.apiName));

/** A field file's facts, read back from the XML; the same shape as `LeadField`'s. */
function fieldFromXml(root: XmlElement): Record<string, unknown> {
  const type = childText(root, 'type');
  const facts: Record<string, unknown> = {
    fullName: childText(root, 'fullName'),
    label: childText(root, 'label'),
    description: childText(root, 'description'),
    type,
  };
  if (type === 'Text') facts.length = Number(childText(root, 'length'));
  if (type === 'LongTextArea') {
    facts.length = Number(childText(root, 'length'));
    facts.visibleLines = Number(childText(root, 'visibleLines'));
  }
  if (type === 'Number') {
    facts.precision = Number(childText(root, 'precision'));
    facts.scale = Number(childText(root, 'scale'));
  }
  if (type === 'Picklist') {
    const [valueSet] = childrenNamed(root, 'valueSet');
    if (!valueSet) throw new Error(`${facts.fullName} is a picklist without a valueSet`);
    facts.restricted = childText(valueSet, 'restricted') === 'true';
    const [definition] = childrenNamed(valueSet, 'valueSetDefinition');
    if (!definition) throw new Error(`${facts.fullName} has no valueSetDefinition`);
    facts.values = childrenNamed(definition, 'value').map((v) => ({
      value: childText(v, 'fullName'),
      label: childText(v, 'label'),
    }));
  }
  return facts;
}

function expectedFacts(field: LeadField): Record<string, unknown> {
  const base = {
    fullName: field.fullName,
    label: field.label,
    description: field.description,
    type: field.type,
  };
  switch (field.type) {
    case 'DateTime':
      return base;
    case 'Number':
      return { ...base, precision: field.precision, scale: field.scale };
    case 'Text':
      return { ...base, length: field.length };
    case 'LongTextArea':
      return { ...base, length: field.length, visibleLines: field.visibleLines };
    case 'Picklist':
      return { ...base, restricted: true, values: field.values.map((v) => ({ ...v })) };
  }
}

/** The fields a Flow formula reads from the triggering record: `{!$Record.Status}` → `Status`. */
function recordFieldsIn(formula: string): string[] {
  return [...formula.matchAll(/\{!\$Record\.([A-Za-z0-9_.]+)\}/g)].map((m) => m[1] as string);
}

describe("Baton's Salesforce package", () => {
  it('is a namespaced 2GP project whose namespace is the one the backend writes to', () => {
    expect(project.namespace).toBe(BATON_NAMESPACE);
    expect(project.sourceApiVersion).toMatch(/^\d+\.0$/);
    expect(project.packageDirectories).toEqual([
      expect.objectContaining({ path: 'force-app', default: true, package: 'Baton' }),
    ]);
  });

  it('has only well-formed XML metadata, every apiVersion the project’s sourceApiVersion', () => {
    expect(metadataFiles.length).toBeGreaterThan(BATON_LEAD_FIELDS.length);
    for (const file of metadataFiles) {
      const versions = allElements(parsed(file)).filter((e) => e.name === 'apiVersion');
      for (const version of versions) expect(version.text.trim(), shown(file)).toBe(project.sourceApiVersion);
    }
    const versioned = metadataFiles.filter((f) => /\.(flow|js|workflow)-meta\.xml$/.test(f));
    expect(versioned.map(shown)).toEqual([
      'force-app/main/default/flows/Baton_Lead_Changed.flow-meta.xml',
      'force-app/main/default/lwc/batonCardFormat/batonCardFormat.js-meta.xml',
      'force-app/main/default/lwc/batonLeadCard/batonLeadCard.js-meta.xml',
      'force-app/main/default/workflows/Lead.workflow-meta.xml',
    ]);
    for (const file of versioned) expect(read(file), shown(file)).toContain('<apiVersion>');
  });

  it('refuses malformed XML, so the check above can fail', () => {
    expect(() => parseMetadataXml('<CustomField><label>Stage</CustomField>')).toThrow();
    expect(() => parseMetadataXml('<a>&nbsp;</a>')).toThrow();
  });

  it('defines exactly the Lead fields the backend writes and reads, each as the backend describes it', () => {
    const files = readdirSync(LEAD_FIELDS_DIR).sort();
    expect(files, REGENERATE).toEqual(BATON_LEAD_FIELDS.map((f) => `${f.fullName}.field-meta.xml`).sort());
    for (const field of BATON_LEAD_FIELDS) {
      const file = `${LEAD_FIELDS_DIR}${field.fullName}.field-meta.xml`;
      // Field files are namespace-free: the package's namespace makes `Stage__c` `baton__Stage__c`.
      expect(field.apiName).toBe(`${project.namespace}__${field.fullName}`);
      expect(fieldFromXml(parsed(file)), field.fullName).toEqual(expectedFacts(field));
      expect(read(file), `${field.fullName}: ${REGENERATE}`).toBe(leadFieldXml(field));
    }
  });

  it('grants reps read on every Baton field and edit on the disposition only; admins read and edit all', () => {
    const files = readdirSync(PERMISSION_SETS_DIR).sort();
    expect(files).toEqual(['Baton_Admin.permissionset-meta.xml', 'Baton_Sales_Rep.permissionset-meta.xml']);
    const access = (name: string) => {
      const root = parsed(`${PERMISSION_SETS_DIR}${name}.permissionset-meta.xml`);
      expect(childText(root, 'hasActivationRequired')).toBe('false');
      expect(childText(root, 'label')).not.toBe('');
      expect(childText(root, 'description').length).toBeLessThanOrEqual(255);
      return Object.fromEntries(
        childrenNamed(root, 'fieldPermissions').map((p) => [
          childText(p, 'field'),
          { read: childText(p, 'readable') === 'true', edit: childText(p, 'editable') === 'true' },
        ]),
      );
    };
    const everyField = (grant: (apiName: string) => { read: boolean; edit: boolean }) =>
      Object.fromEntries(BATON_LEAD_FIELDS.map((f) => [`Lead.${f.apiName}`, grant(f.apiName)]));
    const cardWrites = [DISPOSITION_FIELD.apiName, DISPOSITION_FEEDBACK_FIELD.apiName];

    expect(access('Baton_Sales_Rep')).toEqual(
      everyField((apiName) => ({ read: true, edit: cardWrites.includes(apiName) })),
    );
    expect(access('Baton_Admin')).toEqual(everyField(() => ({ read: true, edit: true })));
    for (const spec of PERMISSION_SETS) {
      expect(read(`${PERMISSION_SETS_DIR}${spec.name}.permissionset-meta.xml`), REGENERATE).toBe(
        permissionSetXml(spec),
      );
    }
  });

  describe('the change notification', () => {
    const flow = parsed(`${SOURCE_DIR}flows/Baton_Lead_Changed.flow-meta.xml`);
    const [start] = childrenNamed(flow, 'start');
    const [action] = childrenNamed(flow, 'actionCalls');
    const workflow = parsed(`${SOURCE_DIR}workflows/Lead.workflow-meta.xml`);
    const outboundMessages = childrenNamed(workflow, 'outboundMessages');

    it('runs after save on every created or updated Lead that passes its entry formula', () => {
      expect(childText(flow, 'processType')).toBe('AutoLaunchedFlow');
      expect(childText(flow, 'status')).toBe('Active');
      expect(start && childText(start, 'object')).toBe('Lead');
      expect(start && childText(start, 'triggerType')).toBe('RecordAfterSave');
      expect(start && childText(start, 'recordTriggerType')).toBe('CreateAndUpdate');
    });

    it('starts on creation or a change of a watched field, never on the fields Baton writes back', () => {
      const formula = start ? childText(start, 'filterFormula') : '';
      expect(formula.startsWith('OR(ISNEW(), ')).toBe(true);
      const watched = recordFieldsIn(formula);
      expect(watched).toEqual([
        'Status',
        'OwnerId',
        'LeadSource',
        'IsConverted',
        'Rating',
        DISPOSITION_FIELD.apiName,
        DISPOSITION_FEEDBACK_FIELD.apiName,
      ]);
      expect(formula).toBe(`OR(ISNEW(), ${watched.map((f) => `ISCHANGED({!$Record.${f}})`).join(', ')})`);
      for (const field of watched) {
        expect(WRITTEN_LEAD_FIELDS).not.toContain(field);
        expect(STANDARD_LEAD_FIELDS.has(field) || PACKAGE_FIELDS.has(field), field).toBe(true);
      }
    });

    it('sends the package’s Outbound Message, and nothing else', () => {
      expect(childrenNamed(flow, 'actionCalls')).toHaveLength(1);
      expect(start && childText(childrenNamed(start, 'connector')[0] as XmlElement, 'targetReference')).toBe(
        action && childText(action, 'name'),
      );
      expect(action && childText(action, 'actionType')).toBe('outboundMessage');
      expect(action && childText(action, 'actionName')).toBe('Lead.Baton_Lead_Changed');
      expect(outboundMessages.map((m) => childText(m, 'fullName'))).toEqual(['Baton_Lead_Changed']);
    });

    it('sends only the Lead Id, with no session id, to the placeholder of Baton’s webhook', () => {
      const [message] = outboundMessages as [XmlElement];
      expect(childrenNamed(message, 'fields').map((f) => f.text.trim())).toEqual(['Id']);
      expect(childText(message, 'includeSessionId')).toBe('false');
      expect(childText(message, 'protected')).toBe('false');
      expect(childText(message, 'apiVersion')).toBe(project.sourceApiVersion);
      expect(childText(message, 'integrationUser')).not.toBe('');
      const endpoint = new URL(childText(message, 'endpointUrl'));
      expect(endpoint.protocol).toBe('https:');
      expect(endpoint.pathname).toBe('/webhooks/salesforce');
    });
  });

  describe('the Lead card component', () => {
    const componentSources = sourceFiles.filter(
      (f) => f.includes('/lwc/') && f.endsWith('.js') && !f.includes('/__tests__/'),
    );
    const sources = componentSources.map((f) => ({ file: shown(f), text: read(f) }));

    it('reads through Lightning Data Service only: no Apex, no callout', () => {
      expect(sources.length).toBeGreaterThan(0);
      for (const { file, text } of sources) {
        expect(text, file).not.toMatch(/@salesforce\/apex/);
        expect(text, file).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource/);
      }
    });

    it('imports only fields that exist: the package’s and standard Lead fields', () => {
      const imported = sources.flatMap(({ text }) =>
        [...text.matchAll(/from\s+'@salesforce\/schema\/([^']+)'/g)].map((m) => m[1] as string),
      );
      expect(imported.length).toBeGreaterThan(0);
      for (const reference of imported) {
        const [object, ...path] = reference.split('.');
        const field = path.join('.');
        expect(object, reference).toBe('Lead');
        expect(STANDARD_LEAD_FIELDS.has(field) || PACKAGE_FIELDS.has(field), reference).toBe(true);
      }
      expect(imported).toEqual(
        expect.arrayContaining([
          'Lead.baton__Card__c',
          `Lead.${DISPOSITION_FIELD.apiName}`,
          `Lead.${DISPOSITION_FEEDBACK_FIELD.apiName}`,
        ]),
      );
    });

    it('is placed on Lead record pages only, labelled Baton', () => {
      const meta = parsed(`${SOURCE_DIR}lwc/batonLeadCard/batonLeadCard.js-meta.xml`);
      expect(childText(meta, 'isExposed')).toBe('true');
      expect(childText(meta, 'masterLabel')).toBe('Baton');
      expect(childText(meta, 'description')).not.toBe('');
      const [targets] = childrenNamed(meta, 'targets') as [XmlElement];
      expect(childrenNamed(targets, 'target').map((t) => t.text.trim())).toEqual(['lightning__RecordPage']);
      const configs = allElements(meta).filter((e) => e.name === 'targetConfig');
      expect(configs.map((c) => c.attributes.targets)).toEqual(['lightning__RecordPage']);
      const objects = allElements(configs[0] as XmlElement).filter((e) => e.name === 'object');
      expect(objects.map((o) => o.text.trim())).toEqual(['Lead']);
      const service = parsed(`${SOURCE_DIR}lwc/batonCardFormat/batonCardFormat.js-meta.xml`);
      expect(childText(service, 'isExposed')).toBe('false');
    });

    it('is tested against the cards the backend writes today', () => {
      // Compared as data: the formatter may lay the committed file out its own way.
      expect(JSON.parse(read(CARD_FIXTURES_FILE)), REGENERATE).toEqual(JSON.parse(leadCardFixturesFile()));
    });

    it('keeps its Jest tests out of deploys', () => {
      expect(read(`${PACKAGE_DIR}.forceignore`).split('\n')).toContain('**/__tests__/**');
    });
  });
});
