import { sameFieldValue } from '../../../core/card/card-fields.ts';
import type { CardView } from '../../../core/card/card-view.ts';
import type { CardToWrite, CrmWriteOutcome } from '../../../pipeline/crm-port.ts';
import type { Tenant } from '../../../store/tenants.ts';
import { CARD_JSON_FIELD, CARD_LEAD_FIELDS } from '../baton-lead-fields.ts';
import { leadCardJson } from '../lead-card-json.ts';
import type { LeadUpdate, SalesforceLeadsPort } from './salesforce-leads-port.ts';

/** Baton's fields on a Lead as strings, the way a read shows them; an empty string is no value. */
export function leadFieldValues(view: CardView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of CARD_LEAD_FIELDS) {
    const value = field.valueFrom(view);
    values[field.apiName] =
      value === null
        ? ''
        : field.cardType === 'datetime'
          ? new Date(Number(value)).toISOString()
          : String(value);
  }
  values[CARD_JSON_FIELD.apiName] = leadCardJson(view);
  return values;
}

const TYPE_OF = new Map<string, Parameters<typeof sameFieldValue>[0]>(
  CARD_LEAD_FIELDS.map((f) => [f.apiName, f.cardType]),
);
const NUMBERS = new Set(CARD_LEAD_FIELDS.filter((f) => f.type === 'Number').map((f) => f.apiName));

/** The fields whose wanted value differs from the Lead's, compared by meaning (`sameFieldValue`). */
export function changedLeadFields(
  held: Readonly<Record<string, string | null | undefined>>,
  wanted: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(wanted).filter(
      ([name, value]) => !sameFieldValue(TYPE_OF.get(name) ?? 'text', held[name], value),
    ),
  );
}

function restValue(name: string, value: string): string | number | null {
  if (value === '') return null;
  return NUMBERS.has(name) ? Number(value) : value;
}

/**
 * The write side of the Salesforce sync: only the Baton fields whose values differ from what the
 * Lead holds, up to 200 Leads per sObject Collections call. Salesforce refuses records one by
 * one (a converted Lead, a validation rule): those are reported, not retried.
 */
export async function writeSalesforceCards(
  leads: SalesforceLeadsPort,
  tenant: Tenant,
  cards: ReadonlyMap<string, CardToWrite>,
): Promise<CrmWriteOutcome> {
  const changed = new Map<string, Record<string, string>>();
  for (const [id, { view, stored }] of cards) {
    const fields = changedLeadFields(stored, leadFieldValues(view));
    if (Object.keys(fields).length > 0) changed.set(id, fields);
  }
  if (changed.size === 0) return { results: [] };
  const updates: LeadUpdate[] = [...changed].map(([id, fields]) => ({
    id,
    fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, restValue(name, value)])),
  }));
  const { rejected } = await leads.updateLeads(tenant.id, updates);
  const refusals = new Map(rejected.map((r) => [r.id, `${r.code}: ${r.message}`]));
  return {
    results: [...changed].map(([recordId, fields]) => {
      const refusal = refusals.get(recordId);
      return refusal === undefined
        ? { recordId, written: fields, rejected: [] }
        : { recordId, written: {}, rejected: [refusal] };
    }),
  };
}
