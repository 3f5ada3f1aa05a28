import { childRelationshipsOf } from './child-relationships.ts';
import type { Row } from './field-values.ts';
import type { Actor } from './object-rules.ts';
import type { OrgStore, RecordChange } from './org-store.ts';

function mergeableLead(store: OrgStore, id: string, role: string): Row {
  const lead = store.get(id);
  if (lead?.objectType !== 'Lead' || lead.deleted)
    throw new Error(`The stand-in org has no Lead ${id} to merge (the ${role}).`);
  if (lead.row.IsConverted === true)
    throw new Error(`Lead ${id} (the ${role}) is converted, and Salesforce does not merge converted Leads.`);
  return lead.row;
}

/**
 * Merges one Lead into another as Salesforce's merge does: the merged Lead's children move to the
 * master, the merged Lead is deleted with MasterRecordId pointing at the master (queryAll sees it),
 * and the master is saved. Where both are members of one campaign, the master's membership stays
 * and the merged Lead's goes.
 */
export function mergeLeads(
  store: OrgStore,
  masterId: string,
  mergedId: string,
  actor: Actor,
): { readonly master: RecordChange; readonly merged: RecordChange } {
  const master = mergeableLead(store, masterId, 'master');
  const merged = mergeableLead(store, mergedId, 'Lead merged into it');
  if (master.Id === merged.Id) throw new Error(`Lead ${masterId} cannot be merged into itself.`);
  const masterCampaigns = new Set(
    store
      .rows('CampaignMember')
      .filter((member) => member.LeadId === master.Id)
      .map((member) => member.CampaignId),
  );
  for (const relationship of childRelationshipsOf('Lead')) {
    const children = store
      .rows(relationship.childObject)
      .filter((row) => row[relationship.field] === merged.Id);
    for (const child of children) {
      const duplicate =
        relationship.childObject === 'CampaignMember' && masterCampaigns.has(child.CampaignId ?? null);
      if (duplicate) store.remove(String(child.Id), actor);
      else store.applyTrusted(String(child.Id), { [relationship.field]: master.Id ?? null }, actor);
    }
  }
  const removed = store.remove(String(merged.Id), actor, { MasterRecordId: master.Id ?? null });
  if (!removed.ok)
    throw new Error(`The stand-in org refused to delete Lead ${mergedId}: ${removed.errors[0]?.message}`);
  return { master: store.applyTrusted(String(master.Id), {}, actor), merged: removed.change };
}
