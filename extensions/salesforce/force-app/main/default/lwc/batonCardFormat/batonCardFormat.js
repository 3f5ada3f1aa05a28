/**
 * The Baton Lead card's pure parts, apart from the component so they are tested on their own:
 * reading the stored card, and turning it into text for the moment it renders. Baton stores the
 * card without anything that depends on when it is read (waiting times, time left on the SLA
 * clock), so those are worked out here from the stored instants.
 */
export { CARD_JSON_VERSION, parseCard } from './cardJson';
export { buildCardView } from './cardView';
export {
  dispositionValue,
  errorMessage,
  formatDuration,
  formatInstant,
  ownerKind,
  readSla,
} from './format';
