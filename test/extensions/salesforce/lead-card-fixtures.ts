import { leadCardJson } from '../../../src/crm/salesforce/lead-card-json.ts';
import { CARD_VIEWS } from '../../fixtures/card-views.ts';

/** The Lead the fixtures belong to, as its record page hands the component its id. */
export const FIXTURE_LEAD_ID = '00Q5g00000AbCdEEAZ';

/**
 * What `baton__Card__c` holds for each of the card views the backend tests use, for the Lightning
 * component's Jest tests, which cannot import Baton's TypeScript: committed as JSON beside them
 * (each card parsed, so a change reads as a diff; the tests stringify it back to the field's
 * text), and checked to stay what the backend writes.
 */
export function leadCardFixturesFile(): string {
  const cards = Object.fromEntries(
    Object.entries(CARD_VIEWS).map(([name, view]) => [
      name,
      JSON.parse(leadCardJson({ ...view, recordId: FIXTURE_LEAD_ID })) as unknown,
    ]),
  );
  return `${JSON.stringify({ leadId: FIXTURE_LEAD_ID, cards }, null, 2)}\n`;
}
