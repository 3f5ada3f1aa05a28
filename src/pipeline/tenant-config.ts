import { z } from 'zod';
import { type Channel, DEFAULT_CHANNELS, type SourceMapping } from '../core/attribution/channels.ts';
import { TOUCH_ORIGINS } from '../core/attribution/touch.ts';
import type { FunnelModel, FunnelPresetKey, StageMapping } from '../core/funnel/funnel-model.ts';
import { createPresetModel } from '../core/funnel/presets.ts';
import { HANDOFF_EVENT_TYPES } from '../core/journey/ledger-entry.ts';
import { DEFAULT_REASON_CODES, type ReasonCode, validateReasonCodes } from '../core/journey/reason-codes.ts';
import type { JourneyMapping } from '../core/journey/status-events.ts';
import type { QualificationDefinition } from '../core/qualification/definition.ts';
import { DEFAULT_WORKED_SLA, type WorkedSla } from '../core/reports/worked-sla.ts';
import { type BreachRouting, NO_BREACH_ROUTING } from '../core/sla/breach-actions.ts';
import { ConfigurationInvalidError, unwrap } from '../core/validation.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db, Tx } from '../store/database.ts';
import { getActiveFunnelModel } from '../store/funnel-models.ts';
import type { ReportProperties } from '../store/lead-facts.ts';
import { loadQualificationDefinitions } from '../store/qualification-definitions.ts';
import type { Tenant } from '../store/tenants.ts';

/** Everything the core needs to judge one tenant's records, loaded once per batch. */
export interface TenantConfig {
  readonly tenantId: string;
  readonly crm: Crm;
  readonly model: FunnelModel;
  /** Active definitions only; the worker judges records by what both functions agreed. */
  readonly definitions: readonly QualificationDefinition[];
  readonly reasonCodes: readonly ReasonCode[];
  readonly mapping: JourneyMapping;
  readonly channels: readonly Channel[];
  readonly sourceMapping: SourceMapping;
  /** CRM properties that carry the territory and product line definitions are scoped by. */
  readonly scopeProperties: { readonly territory?: string; readonly productLine?: string };
  readonly reports: ReportSettings;
  /** Who the SLA breach actions notify and reassign to. */
  readonly slaRouting: BreachRouting;
}

/** How the tenant's reports read its leads: when a lead sleeps, and which CRM fields hold team and value. */
export interface ReportSettings {
  readonly sleepingAfterDays: number;
  readonly stageSleepingDays: Readonly<Record<string, number>>;
  readonly properties: ReportProperties;
  readonly workedSla: WorkedSla;
}

/** Days an open lead may sit in one stage before the sleeping-pipeline report lists it. */
export const DEFAULT_SLEEPING_AFTER_DAYS = 30;

/**
 * A CRM's answer for every setting a tenant has not made its own: the adapter supplies it, since
 * only the adapter knows its CRM's fields.
 */
export interface TenantDefaults {
  /** The preset a tenant starts from, with the adapter's mapping of every preset's stages. */
  readonly presetKey: FunnelPresetKey;
  readonly stageMappings: Readonly<Record<FunnelPresetKey, StageMapping>>;
  readonly journeyMapping: JourneyMapping;
  /** The CRM's source values onto channels; a tenant's own table is laid over it. */
  readonly sourceMapping: SourceMapping;
  /** The CRM object a lead is, and its fields for the owner's team and the lead's value. */
  readonly leadRecord?: { readonly objectType: string; readonly team?: string; readonly value?: string };
}

/** The preset model a new tenant starts from, on the CRM's fields. */
export function defaultFunnelModel(defaults: TenantDefaults): FunnelModel {
  return createPresetModel(defaults.presetKey, { mapping: defaults.stageMappings[defaults.presetKey] });
}

const statusEventSchema = z.object({
  property: z.string().min(1),
  value: z.string(),
  event: z.enum(HANDOFF_EVENT_TYPES),
  whileAwaitingAcceptance: z.enum(HANDOFF_EVENT_TYPES).exactOptional(),
  reasonCode: z.string().exactOptional(),
});

/** Tenant settings are JSON the settings API writes; they are checked again on every load. */
export const tenantSettingsSchema = z.object({
  reasonCodes: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        appliesTo: z.array(z.enum(['rejected', 'lost', 'disqualified'])),
      }),
    )
    .optional(),
  journeyMapping: z
    .object({
      ownerProperty: z.string().min(1),
      assigneeProperty: z.string().min(1).exactOptional(),
      createdAtProperty: z.string().min(1),
      statusEvents: z.array(statusEventSchema),
    })
    .optional(),
  channels: z
    .array(
      z.object({ key: z.string().min(1), label: z.string().min(1), defaultOrigin: z.enum(TOUCH_ORIGINS) }),
    )
    .optional(),
  sourceMapping: z.record(z.string(), z.string()).optional(),
  scopeProperties: z
    .object({ territory: z.string().exactOptional(), productLine: z.string().exactOptional() })
    .optional(),
  reports: z
    .strictObject({
      sleepingAfterDays: z.number().positive().exactOptional(),
      stageSleepingDays: z.record(z.string(), z.number().positive()).exactOptional(),
      teamProperty: z.string().min(1).exactOptional(),
      valueProperty: z.string().min(1).exactOptional(),
      workedSla: z
        .strictObject({
          creditableLeads: z.number().int().positive().exactOptional(),
          windowDays: z.number().int().positive().exactOptional(),
          businessCaseEvent: z.enum(HANDOFF_EVENT_TYPES).exactOptional(),
        })
        .exactOptional(),
    })
    .optional(),
  slaRouting: z
    .strictObject({
      queues: z
        .record(
          z.string().min(1),
          z.array(z.string().min(1)).min(1, { error: 'a queue needs at least one member' }),
        )
        .exactOptional(),
      managers: z.record(z.string().min(1), z.string().min(1)).exactOptional(),
      defaultManager: z.string().min(1).nullable().exactOptional(),
    })
    .optional(),
});

export async function loadTenantConfig(
  db: Db | Tx,
  tenant: Tenant,
  defaults: TenantDefaults,
): Promise<TenantConfig> {
  const parsed = tenantSettingsSchema.safeParse(tenant.settings);
  if (!parsed.success) {
    throw new ConfigurationInvalidError(
      `settings of tenant ${tenant.id}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const settings = parsed.data;
  const [stored, definitions] = await Promise.all([
    getActiveFunnelModel(db, tenant.id),
    loadQualificationDefinitions(db, tenant.id, { status: 'active' }),
  ]);
  const reasonCodes = settings.reasonCodes
    ? unwrap(`reason codes of tenant ${tenant.id}`, validateReasonCodes(settings.reasonCodes))
    : DEFAULT_REASON_CODES;
  const scope = settings.scopeProperties ?? {};
  const reports = settings.reports ?? {};
  const routing = settings.slaRouting ?? {};
  const record = defaults.leadRecord;
  const team = reports.teamProperty ?? record?.team;
  const value = reports.valueProperty ?? record?.value;
  return {
    tenantId: tenant.id,
    crm: tenant.crm,
    model: stored?.model ?? defaultFunnelModel(defaults),
    definitions,
    reasonCodes,
    mapping: settings.journeyMapping ?? defaults.journeyMapping,
    channels: settings.channels ?? DEFAULT_CHANNELS,
    sourceMapping: settings.sourceMapping
      ? { ...defaults.sourceMapping, ...settings.sourceMapping }
      : defaults.sourceMapping,
    scopeProperties: {
      ...(scope.territory ? { territory: scope.territory } : {}),
      ...(scope.productLine ? { productLine: scope.productLine } : {}),
    },
    reports: {
      sleepingAfterDays: reports.sleepingAfterDays ?? DEFAULT_SLEEPING_AFTER_DAYS,
      stageSleepingDays: reports.stageSleepingDays ?? {},
      workedSla: { ...DEFAULT_WORKED_SLA, ...reports.workedSla },
      properties: {
        ...(record ? { objectType: record.objectType } : {}),
        ...(team ? { team } : {}),
        ...(scope.territory ? { territory: scope.territory } : {}),
        ...(value ? { value } : {}),
      },
    },
    slaRouting: {
      queues: routing.queues ?? NO_BREACH_ROUTING.queues,
      managers: routing.managers ?? NO_BREACH_ROUTING.managers,
      defaultManager: routing.defaultManager ?? null,
    },
  };
}
