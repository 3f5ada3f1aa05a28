/** The stored card's shape this component renders; Baton bumps it when the shape changes. */
export const CARD_JSON_VERSION = 1;

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts every stored card carries; without them there is nothing sound to show. */
function missingPart(card) {
  if (!Array.isArray(card.ladder)) return 'ladder';
  if (!Array.isArray(card.timeline)) return 'timeline';
  for (const part of ['owner', 'qualification', 'source', 'actions']) {
    if (!isObject(card[part])) return part;
  }
  if (card.stage !== null && !isObject(card.stage)) return 'stage';
  if (card.sla !== null && !isObject(card.sla)) return 'sla';
  return null;
}

/** Whether two Salesforce ids name the same record: the first 15 characters decide, case-sensitively. */
function sameRecord(a, b) {
  return a.slice(0, 15) === b.slice(0, 15);
}

/**
 * The Lead's `baton__Card__c` as something to render, or why not:
 * - `empty`: Baton has not written it yet;
 * - `broken`: it is not JSON, or not a card this component knows (a newer Baton wrote it);
 * - `foreign`: the card names another lead, as when a lead is cloned with its fields;
 * - `ready`: the card.
 */
export function parseCard(text, recordId) {
  if (typeof text !== 'string' || text.trim() === '') return { status: 'empty' };
  let card;
  try {
    card = JSON.parse(text);
  } catch {
    return { status: 'broken', message: 'Baton’s card on this lead is not valid JSON.' };
  }
  if (!isObject(card)) return { status: 'broken', message: 'Baton’s card on this lead is not a card.' };
  if (card.version !== CARD_JSON_VERSION) {
    return {
      status: 'broken',
      message: `Baton wrote this card in version ${String(card.version)}; this component reads version ${CARD_JSON_VERSION}. Update the Baton package.`,
    };
  }
  const missing = missingPart(card);
  if (missing) return { status: 'broken', message: `Baton’s card on this lead has no valid ${missing}.` };
  const cardRecord = typeof card.recordId === 'string' ? card.recordId : '';
  if (
    SALESFORCE_ID.test(cardRecord) &&
    SALESFORCE_ID.test(recordId ?? '') &&
    !sameRecord(cardRecord, recordId)
  ) {
    return { status: 'foreign' };
  }
  return { status: 'ready', card };
}
