import { InputInvalidError } from '../../../errors.ts';

/** One notification of an Outbound Message: which record changed, nothing about how. */
export interface OutboundNotification {
  /** The notification's id (04l…), the same on every redelivery: the dedupe key. */
  readonly id: string;
  /** The sObject's type as its `xsi:type` names it (`Lead`). */
  readonly objectType: string;
  /** The record's 18-character id. */
  readonly recordId: string;
}

export interface OutboundMessage {
  /** The sending org's 18-character id (00D…). */
  readonly organizationId: string;
  /** The outbound message action that sent it (04k…). */
  readonly actionId: string;
  readonly notifications: readonly OutboundNotification[];
}

export interface OutboundMessageLimits {
  /** Element nesting; a Lead notification's fields are six levels deep. */
  readonly maxDepth: number;
  readonly maxElements: number;
  /** Characters of text and CDATA in the whole document. */
  readonly maxTextChars: number;
  /** The WSDL's `maxOccurs` for Notification. */
  readonly maxNotifications: number;
}

export const OUTBOUND_MESSAGE_LIMITS: OutboundMessageLimits = {
  maxDepth: 16,
  maxElements: 20_000,
  maxTextChars: 1_048_576,
  maxNotifications: 100,
};

const MAX_SHOWN_NAME = 80;

export function notOutboundMessage(problem: string): InputInvalidError {
  return new InputInvalidError(`the body is not an Outbound Message: ${problem}`);
}

/** Names from the body go into errors cut short: the body is anyone's. */
export function shown(text: string): string {
  return text.length > MAX_SHOWN_NAME ? `${text.slice(0, MAX_SHOWN_NAME)}…` : text;
}
