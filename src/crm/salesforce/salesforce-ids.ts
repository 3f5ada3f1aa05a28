/**
 * Salesforce ids come in a case-sensitive 15-character form and a case-safe 18-character form
 * (the API's answers, Outbound Messages). Baton keys records and tenants by the 18-character
 * form, so one record never becomes two.
 */
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15- or 18-character id; null for anything else. */
export function toId18(id: string): string | null {
  if (ID_18.test(id)) return id;
  if (!ID_15.test(id)) return null;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id + suffix;
}

/** Who owns a Lead: a user (key prefix 005) or a queue (00G), told apart by the id's key prefix. */
export type SalesforceOwnerKind = 'user' | 'queue' | 'unknown';

export function ownerKindOf(ownerId: string | null | undefined): SalesforceOwnerKind {
  if (!ownerId) return 'unknown';
  if (ownerId.startsWith('005')) return 'user';
  if (ownerId.startsWith('00G')) return 'queue';
  return 'unknown';
}
