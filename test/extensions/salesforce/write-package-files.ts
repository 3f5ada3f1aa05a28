import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BATON_LEAD_FIELDS } from '../../../src/crm/salesforce/baton-lead-fields.ts';
import { leadCardFixturesFile } from './lead-card-fixtures.ts';
import { leadFieldXml } from './lead-field-xml.ts';
import { CARD_FIXTURES_FILE, LEAD_FIELDS_DIR, PERMISSION_SETS_DIR } from './package-paths.ts';
import { PERMISSION_SETS, permissionSetXml } from './permission-set-xml.ts';

/**
 * Rewrites the package files derived from the backend's definitions: one field file per
 * `BATON_LEAD_FIELDS` entry (removing field files no entry names), the two permission sets over
 * those fields, and the card fixtures of the component's Jest tests. Run `node test/extensions/salesforce/write-package-files.ts` after
 * changing a Baton field or the card view, then commit what it wrote.
 */
mkdirSync(LEAD_FIELDS_DIR, { recursive: true });
const wanted = new Set(BATON_LEAD_FIELDS.map((f) => `${f.fullName}.field-meta.xml`));
for (const file of readdirSync(LEAD_FIELDS_DIR)) {
  if (!wanted.has(file)) rmSync(`${LEAD_FIELDS_DIR}${file}`);
}
for (const field of BATON_LEAD_FIELDS) {
  writeFileSync(`${LEAD_FIELDS_DIR}${field.fullName}.field-meta.xml`, leadFieldXml(field));
}
mkdirSync(PERMISSION_SETS_DIR, { recursive: true });
for (const spec of PERMISSION_SETS) {
  writeFileSync(`${PERMISSION_SETS_DIR}${spec.name}.permissionset-meta.xml`, permissionSetXml(spec));
}
mkdirSync(dirname(CARD_FIXTURES_FILE), { recursive: true });
writeFileSync(CARD_FIXTURES_FILE, leadCardFixturesFile());
console.log(
  `wrote ${BATON_LEAD_FIELDS.length} Lead fields, ${PERMISSION_SETS.length} permission sets and the card fixtures`,
);
