import { fileURLToPath } from 'node:url';

/** The Salesforce package's folders, from the repository root. */
export const PACKAGE_DIR = fileURLToPath(new URL('../../../extensions/salesforce/', import.meta.url));
export const SOURCE_DIR = `${PACKAGE_DIR}force-app/main/default/`;
export const LEAD_FIELDS_DIR = `${SOURCE_DIR}objects/Lead/fields/`;
export const PERMISSION_SETS_DIR = `${SOURCE_DIR}permissionsets/`;
export const CARD_FIXTURES_FILE = `${SOURCE_DIR}lwc/batonLeadCard/__tests__/data/lead-cards.json`;
