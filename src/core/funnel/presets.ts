import type { BusinessCalendar } from '../sla/sla-policy.ts';
import type { FunnelModel, FunnelPresetKey, StageMapping } from './funnel-model.ts';
import { PRESET_MARKETING_SUPPLIES } from './marketing-inputs.ts';
import { demandWaterfall } from './presets/demand-waterfall.ts';
import { marketingQualifiesSalesCloses } from './presets/marketing-qualifies-sales-closes.ts';
import { marketingThenSales } from './presets/marketing-then-sales.ts';
import { DEFAULT_BUSINESS_CALENDAR, type FunnelPreset } from './presets/preset-parts.ts';
import { threeOwnerJourney } from './presets/three-owner-journey.ts';
import { tofuMofuBofu } from './presets/tofu-mofu-bofu.ts';

export { DEFAULT_BUSINESS_CALENDAR } from './presets/preset-parts.ts';

/** In DOMAIN.md §3 order, which is also the order a settings picker lists them in. */
const PRESETS: Readonly<Record<FunnelPresetKey, FunnelPreset>> = {
  demand_waterfall: demandWaterfall,
  marketing_then_sales: marketingThenSales,
  tofu_mofu_bofu: tofuMofuBofu,
  three_owner_journey: threeOwnerJourney,
  marketing_qualifies_sales_closes: marketingQualifiesSalesCloses,
};

export interface FunnelPresetSummary {
  readonly key: FunnelPresetKey;
  readonly name: string;
  readonly description: string;
}

export const FUNNEL_PRESETS: readonly FunnelPresetSummary[] = Object.values(PRESETS).map(
  ({ key, name, description }) => ({ key, name, description }),
);

export interface PresetModelOptions {
  /** Without one, UTC weekdays 09:00–17:00. */
  readonly calendar?: BusinessCalendar;
  /** The CRM adapter's default mapping of the preset's stages; stages it leaves out map nothing. */
  readonly mapping?: StageMapping;
}

/** A ready-to-use funnel model for a preset, its stages mapped to CRM fields by `mapping`. */
export function createPresetModel(preset: FunnelPresetKey, options: PresetModelOptions = {}): FunnelModel {
  const { key, name, functions, stages } = PRESETS[preset];
  return {
    key,
    name,
    preset: key,
    functions,
    stages: stages.map((stage) => {
      const supplies = PRESET_MARKETING_SUPPLIES[preset][stage.key];
      return {
        ...stage,
        mapping: options.mapping?.[stage.key] ?? [],
        ...(supplies ? { marketingSupplies: supplies } : {}),
      };
    }),
    calendar: options.calendar ?? DEFAULT_BUSINESS_CALENDAR,
  };
}
