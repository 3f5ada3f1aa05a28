import type { HandoffEventType } from '../journey/ledger-entry.ts';
import type { BusinessCalendar, StageSla } from '../sla/sla-policy.ts';

/** A function that can own a stage: marketing, sales, shared, or a tenant-defined one such as delivery. */
export interface OwnerFunction {
  readonly key: string;
  readonly label: string;
}

/** One owning function's share of a stage. A stage's shares sum to 1. */
export interface OwnerShare {
  readonly function: string;
  readonly weight: number;
}

/** A record is in a stage when one of the mapped CRM properties holds one of the listed values. */
export interface PropertyMatch {
  readonly property: string;
  readonly values: readonly string[];
}

/** Stage key → the CRM property values that put a record in that stage. */
export type StageMapping = Readonly<Record<string, readonly PropertyMatch[]>>;

export interface FunnelStage {
  readonly key: string;
  readonly label: string;
  readonly owners: readonly OwnerShare[];
  readonly sla?: StageSla;
  /**
   * The tenant's CRM property values that put a record in this stage. Presets carry none: the
   * CRM adapter supplies its default mapping, and the tenant edits it.
   */
  readonly mapping: readonly PropertyMatch[];
  /** Entering this stage is the marketing → sales hand-off (e.g. MQL → SAL in the demand waterfall). */
  readonly isHandoff?: boolean;
  /**
   * Hand-off events that entering this stage means, e.g. MQL → qualified + handed_off. Each is
   * recorded once per journey cycle, so an explicit "accepted" from the card and the later CRM
   * stage change do not count twice.
   */
  readonly milestones?: readonly HandoffEventType[];
  /**
   * What marketing supplies to sales in this stage (e.g. success stories at the decision), shown
   * on the card; presets start from Kotler's inputs per sales phase.
   */
  readonly marketingSupplies?: readonly string[];
}

export type FunnelPresetKey =
  | 'demand_waterfall'
  | 'marketing_then_sales'
  | 'tofu_mofu_bofu'
  | 'three_owner_journey'
  | 'marketing_qualifies_sales_closes';

export interface FunnelModel {
  readonly key: string;
  readonly name: string;
  readonly preset?: FunnelPresetKey;
  readonly functions: readonly OwnerFunction[];
  /** Ordered from the top of the funnel to the bottom. */
  readonly stages: readonly FunnelStage[];
  readonly calendar: BusinessCalendar;
}
