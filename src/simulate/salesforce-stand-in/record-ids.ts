/** Key prefixes of the objects the stand-in org keeps: the first three characters of every id. */
export const KEY_PREFIXES = {
  Organization: '00D',
  User: '005',
  Group: '00G',
  Lead: '00Q',
  LeadStatus: '01J',
  Campaign: '701',
  CampaignMember: '00v',
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  Task: '00T',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  QueryCursor: '01g',
  BulkJob: '750',
  OutboundAction: '04k',
  OutboundNotification: '04l',
} as const;

export type KeyedObject = keyof typeof KEY_PREFIXES;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;

/**
 * The case-safe suffix Salesforce appends to a 15-character id: one character per five, each
 * encoding which of those five are upper-case letters.
 */
function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const char = id15.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id (its suffix checked); null for anything else. */
export function canonicalId(id: string): string | null {
  if (ID_15.test(id)) return id + caseSafeSuffix(id);
  if (!ID_18.test(id)) return null;
  const id15 = id.slice(0, 15);
  // An 18-character id's suffix is case-insensitive; its first 15 characters are not.
  return caseSafeSuffix(id15) === id.slice(15).toUpperCase() ? id15 + caseSafeSuffix(id15) : null;
}

export interface IdFactory {
  next(object: KeyedObject): string;
}

/**
 * Ids as an org hands them out: key prefix, a two-character pod, a reserved `0`, then a base-62
 * sequence per object. Sequential, so a replayed scenario gets the same ids.
 */
export function createIdFactory(pod = '8d'): IdFactory {
  const sequences = new Map<KeyedObject, number>();
  return {
    next(object) {
      const sequence = (sequences.get(object) ?? 0) + 1;
      sequences.set(object, sequence);
      let digits = '';
      for (let rest = sequence; rest > 0; rest = Math.floor(rest / 62))
        digits = BASE62.charAt(rest % 62) + digits;
      const id15 = `${KEY_PREFIXES[object]}${pod}0${digits.padStart(9, '0')}`;
      return id15 + caseSafeSuffix(id15);
    },
  };
}
