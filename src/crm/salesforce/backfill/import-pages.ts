import type { Logger } from '../../../log.ts';
import { applySyncBatch } from '../../../pipeline/apply-sync-batch.ts';
import type { TenantConfig } from '../../../pipeline/tenant-config.ts';
import { writebackItem } from '../../../pipeline/writeback-item.ts';
import type { Tx } from '../../../store/database.ts';
import { enqueue } from '../../../store/inbox-intake.ts';
import { getSnapshots } from '../../../store/snapshots.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { type LeadRecord, leadRecordOf, type SoqlRecord } from '../lead-record.ts';
import { toId18 } from '../salesforce-ids.ts';
import { LEAD } from '../salesforce-record-keys.ts';
import { cardActionsOf, leadChanges } from '../sync/read-salesforce-events.ts';
import { SALESFORCE_SYNC_KEYS } from '../sync/salesforce-sync.ts';

export interface ImportScope {
  readonly tenant: Tenant;
  readonly config: TenantConfig;
  readonly logger: Logger;
}

/**
 * One page of Leads, the way the Outbound Message sync applies a read: snapshots, stage,
 * ledger, the LeadSource touch, dispositions the card wrote, and each Lead's write-back queued.
 */
export async function importLeadPage(
  tx: Tx,
  scope: ImportScope,
  records: readonly SoqlRecord[],
  now: Date,
): Promise<void> {
  const leads = records.map(leadRecordOf);
  await applySyncBatch(
    tx,
    { ...scope, sync: SALESFORCE_SYNC_KEYS },
    {
      changes: leadChanges(scope.config, leads),
      purges: [],
      merges: [],
      cardActions: cardActionsOf(scope.logger, scope.tenant, leads),
    },
    now,
  );
}

/**
 * One page of campaign memberships, after every Lead is in. The page's Leads are read back from
 * their stored snapshots (the newest Baton holds, a webhook's included) with the page's
 * memberships as the subquery a REST read would have brought, and applied again: touches are
 * kept by id, so memberships of one Lead spread over several pages add up and a page applied
 * twice adds nothing. Leads Baton holds no snapshot of (deleted since) get no touches. Each
 * membership queues a write-back of its Lead, keyed by the membership: the one the Lead's
 * snapshot queued may have run already, before its campaigns were known, and a re-run or
 * `--restart` queues none again. Returns how many Leads the page touched.
 */
export async function importMembershipPage(
  tx: Tx,
  scope: ImportScope,
  members: readonly SoqlRecord[],
  now: Date,
): Promise<number> {
  const byLead = new Map<string, SoqlRecord[]>();
  for (const member of members) {
    const leadId = toId18(String(member.LeadId ?? ''));
    if (leadId) byLead.set(leadId, [...(byLead.get(leadId) ?? []), member]);
  }
  if (byLead.size === 0) return 0;
  const stored = await getSnapshots(tx, scope.tenant.id, LEAD, [...byLead.keys()]);
  if (stored.length === 0) return 0;
  const leads: LeadRecord[] = stored.map((snapshot) => ({
    ...leadRecordOf({
      ...snapshot.properties,
      Id: snapshot.recordId,
      CampaignMembers: { records: byLead.get(snapshot.recordId) ?? [] },
    }),
    modifiedAt: snapshot.observedAt,
  }));
  const { tenant, config } = scope;
  await applySyncBatch(
    tx,
    { tenant, config, sync: SALESFORCE_SYNC_KEYS },
    { changes: leadChanges(config, leads), purges: [], merges: [] },
    now,
  );
  await enqueue(
    tx,
    leads.flatMap((lead) =>
      lead.campaignMembers.map((member) =>
        writebackItem(
          SALESFORCE_SYNC_KEYS,
          tenant,
          { objectType: LEAD, recordId: lead.id },
          `campaign_member:${member.id}`,
        ),
      ),
    ),
    now,
  );
  return leads.length;
}
