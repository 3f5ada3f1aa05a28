export function humanize(key: string): string {
  const text = key.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const SHARE_COLUMN = /(share|rate|conversion)/;

export function formatCell(column: string, value: string | number | null): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (SHARE_COLUMN.test(column) && value >= 0 && value <= 1) return percent(value);
  return formatNumber(value);
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toLocaleString('en', { maximumFractionDigits: 1 })}%`;
}

export function dateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export function hours(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
