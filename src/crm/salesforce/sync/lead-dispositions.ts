import { z } from 'zod';
import { MAX_FEEDBACK_LENGTH } from '../../../core/journey/plan-handoff-action.ts';
import type { SyncCardAction } from '../../../pipeline/crm-port.ts';
import { DISPOSITION_FEEDBACK_FIELD, DISPOSITION_FIELD } from '../baton-lead-fields.ts';
import type { LeadRecord } from '../lead-record.ts';
import { LEAD } from '../salesforce-record-keys.ts';

const dispositionSchema = z.object({
  id: z.string().min(8).max(120),
  action: z.enum(['accept', 'reject']),
  reasonCode: z.string().min(1).max(100).optional(),
});

export type DispositionReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'action'; readonly action: SyncCardAction };

/**
 * The accept or reject the Baton card on the Lead page last wrote. The field keeps its value, so
 * every later read finds it again; its `id` (a fresh UUID per click) is the request id that makes
 * it count once. The rep is the Lead's last modifier: Salesforce records who saved the field, the
 * value itself names no one. Editing the field takes one of Baton's permission sets, which is
 * what stands for the sales role here (field-level security, enforced by Salesforce).
 */
export function dispositionOf(lead: LeadRecord): DispositionReading {
  const raw = lead.properties[DISPOSITION_FIELD.apiName];
  if (!raw) return { kind: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'unreadable', reason: 'the disposition is not JSON' };
  }
  const parsed = dispositionSchema.safeParse(json);
  if (!parsed.success) return { kind: 'unreadable', reason: 'the disposition has no id and action' };
  if (!lead.lastModifiedBy) return { kind: 'unreadable', reason: 'the Lead names no last modifier' };
  const { id, action, reasonCode } = parsed.data;
  const requestId = `salesforce-disposition:${id}`;
  const feedback = (lead.properties[DISPOSITION_FEEDBACK_FIELD.apiName] ?? '')
    .slice(0, MAX_FEEDBACK_LENGTH)
    .trim();
  const actor = { id: lead.lastModifiedBy, ownerId: lead.lastModifiedBy, actsForSales: true };
  const record = { objectType: LEAD, recordId: lead.id };
  if (action === 'accept') {
    return {
      kind: 'action',
      action: {
        record,
        actor,
        request: { requestId, action: { kind: 'accept' }, request: { action, requestId } },
      },
    };
  }
  return {
    kind: 'action',
    action: {
      record,
      actor,
      request: {
        requestId,
        action: { kind: 'reject', reasonCode: reasonCode ?? '', ...(feedback ? { feedback } : {}) },
        request: { action, requestId, reasonCode: reasonCode ?? null, feedback: feedback || null },
      },
    },
  };
}
