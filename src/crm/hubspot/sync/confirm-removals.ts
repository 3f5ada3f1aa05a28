import type { ClassifiedEvents } from './classify-hubspot-events.ts';
import type { HubSpotRecord } from './hubspot-records-port.ts';

/** HubSpot lists on a merge's survivor the ids merged into it, separated by semicolons. */
export const MERGED_IDS_PROPERTY = 'hs_merged_object_ids';

export interface ConfirmedRemovals {
  /** Contacts HubSpot no longer answers for (deleted, archived or erased): purge their data. */
  readonly purge: readonly string[];
  /** Merges whose survivor lists the merged ids. */
  readonly merges: readonly { readonly into: string; readonly from: readonly string[] }[];
  /** Removals a webhook claimed and HubSpot does not confirm; they change nothing. */
  readonly unconfirmed: readonly {
    readonly contactId: string;
    readonly claim: 'deletion' | 'merge';
    readonly reason: string;
  }[];
}

/**
 * A webhook body only says that something happened; what HubSpot answers now says whether it
 * still holds. Removals destroy data, so they act only on that answer: a deletion (or privacy
 * deletion) when the contact reads as missing or archived, a merge when the survivor reads and
 * names the merged contact in `hs_merged_object_ids`. A replayed or forged removal of a live
 * contact is dropped, and the contact is simply refreshed from what was read.
 *
 * `read` holds what HubSpot answered for the refreshed and to-be-purged contacts: ids it does
 * not know (missing, archived) are absent from it.
 */
export function confirmRemovals(
  classified: Pick<ClassifiedEvents, 'purge' | 'merges'>,
  read: ReadonlyMap<string, HubSpotRecord>,
): ConfirmedRemovals {
  const unconfirmed: { contactId: string; claim: 'deletion' | 'merge'; reason: string }[] = [];
  const purge = classified.purge.filter((id) => {
    if (!read.has(id)) return true;
    unconfirmed.push({ contactId: id, claim: 'deletion', reason: 'HubSpot still answers for the contact' });
    return false;
  });
  const merges = classified.merges.flatMap((merge) => {
    const survivor = read.get(merge.into);
    const listed = new Set(
      (survivor?.properties[MERGED_IDS_PROPERTY] ?? '').split(';').map((id) => id.trim()),
    );
    const from = merge.from.filter((id) => {
      if (listed.has(id)) return true;
      unconfirmed.push({
        contactId: id,
        claim: 'merge',
        reason: survivor
          ? `contact ${merge.into} does not list it as merged`
          : `HubSpot does not answer for the surviving contact ${merge.into}`,
      });
      return false;
    });
    return from.length === 0 ? [] : [{ into: merge.into, from }];
  });
  return { purge, merges, unconfirmed };
}
