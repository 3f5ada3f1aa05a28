import type { CardTouch, SlaState } from './card-view.ts';

/**
 * Instants as the cards show them, in the portal's time zone (`context.portal.timezone`), named
 * after the time; the card view model carries every duration ready-labelled.
 */
export function formatInstant(at: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timeZone}`;
}

export const SLA_LABELS: Readonly<Record<SlaState, string>> = {
  on_track: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  met: 'Met',
  met_late: 'Met late',
};

export const SLA_VARIANTS: Readonly<Record<SlaState, 'success' | 'warning' | 'danger' | 'info' | 'default'>> =
  {
    on_track: 'success',
    at_risk: 'warning',
    breached: 'danger',
    met: 'info',
    met_late: 'default',
  };

export function touchLine(touch: CardTouch | null, timeZone = 'UTC'): string {
  if (!touch) return 'none recorded';
  const detail = [touch.sourceDetail, touch.campaign].filter((d) => d !== null && d !== '').join(', ');
  return `${touch.channelLabel}${detail ? ` (${detail})` : ''}, ${formatInstant(touch.at, timeZone)}`;
}

/** A percentage of credit, as people read it. */
export function sharePercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
