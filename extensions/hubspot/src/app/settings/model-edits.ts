import type { FunnelModel, FunnelStage, PropertyMatch } from './settings-types.ts';

/** `lifecyclestage = lead, subscriber; hs_lead_status = NEW`: a stage's mapping as one line of text. */
export function mappingText(mapping: readonly PropertyMatch[]): string {
  return mapping.map((m) => `${m.property} = ${m.values.join(', ')}`).join('; ');
}

export function parseMapping(text: string): PropertyMatch[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [property = '', values = ''] = part.split('=');
      return {
        property: property.trim(),
        values: values
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      };
    });
}

/** One function's share of a stage, in percent, as the editor shows it. */
export function sharePercent(stage: FunnelStage, fn: string): number {
  return Math.round((stage.owners.find((o) => o.function === fn)?.weight ?? 0) * 1000) / 10;
}

/** A stage with one function's share changed; a share of 0 drops the function from the stage. */
export function withShare(stage: FunnelStage, fn: string, percent: number): FunnelStage {
  const others = stage.owners.filter((o) => o.function !== fn);
  const weight = Math.round(percent * 10) / 1000;
  const owners = weight > 0 ? [...others, { function: fn, weight }] : others;
  return { ...stage, owners };
}

/** A stage's SLA target in hours; null when the stage has no SLA. */
export function slaHours(stage: FunnelStage): number | null {
  return stage.sla ? Math.round((stage.sla.targetMinutes / 60) * 100) / 100 : null;
}

export function withSlaHours(stage: FunnelStage, hours: number | null): FunnelStage {
  if (hours === null || !Number.isFinite(hours) || hours <= 0) {
    const { sla: _dropped, ...rest } = stage;
    return rest;
  }
  const sla = stage.sla ?? { clock: 'business' as const, atRiskShare: 0.75, breachActions: [] };
  return { ...stage, sla: { ...sla, targetMinutes: Math.round(hours * 60) } };
}

export function replaceStage(
  model: FunnelModel,
  key: string,
  change: (stage: FunnelStage) => FunnelStage,
): FunnelModel {
  return { ...model, stages: model.stages.map((s) => (s.key === key ? change(s) : s)) };
}

/** A stage with what marketing supplies there, typed as `item; item`; empty text drops the list. */
export function withSupplies(stage: FunnelStage, text: string): FunnelStage {
  const items = text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    const { marketingSupplies: _dropped, ...rest } = stage;
    return rest;
  }
  return { ...stage, marketingSupplies: items };
}

/** The share of the SLA window after which the clock reads at risk, in percent (75 = three quarters). */
export function withAtRiskPercent(stage: FunnelStage, percent: number): FunnelStage {
  return stage.sla
    ? { ...stage, sla: { ...stage.sla, atRiskShare: Math.round(percent * 10) / 1000 } }
    : stage;
}
