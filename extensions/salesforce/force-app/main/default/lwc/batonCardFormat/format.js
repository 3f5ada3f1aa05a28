/** Durations, instants and labels as the Baton card shows them. */

const MINUTE_MS = 60_000;
const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

export const SLA_LABELS = {
  on_track: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  met: 'Met',
  met_late: 'Met late',
};

const SLA_BADGE_CLASSES = {
  on_track: 'slds-theme_success',
  at_risk: 'slds-theme_warning',
  breached: 'slds-theme_error',
  met: 'slds-theme_info',
  met_late: '',
};

export const VERDICT_LABELS = {
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  disqualified: 'Disqualified',
};

export const ORIGIN_LABELS = {
  marketing: 'Marketing-sourced',
  sales: 'Sales-sourced',
  partner: 'Partner-sourced',
  other: 'Other',
};

export const STEP_STATUS_LABELS = {
  done: 'Done',
  current: 'Current',
  skipped: 'Skipped',
  upcoming: 'Upcoming',
};

/**
 * A short duration, rounded down to the minute, as Baton writes them everywhere: "45 min",
 * "3 h 10 min", "2 d 3 h".
 */
export function formatDuration(minutes) {
  if (!Number.isFinite(minutes)) return '–';
  if (minutes < 0) return `-${formatDuration(-minutes)}`;
  const total = Math.floor(minutes);
  if (total < MINUTES_PER_HOUR) return `${total} min`;
  const days = Math.floor(total / MINUTES_PER_DAY);
  const hours = Math.floor((total - days * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  const rest = total % MINUTES_PER_HOUR;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Minutes from one instant (ms) to a later one; never negative. */
export function minutesBetween(from, to) {
  return Math.max(0, to - from) / MINUTE_MS;
}

/** An instant in the user's time zone and locale, e.g. "Mar 2, 2026, 2:00 AM"; ISO in UTC if they are unknown. */
export function formatInstant(at, timeZone, locale) {
  if (typeof at !== 'number' || !Number.isFinite(at)) return '–';
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(at));
  } catch {
    return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
}

/** Who holds a Lead, told by the owner id's key prefix: a user (005) or a queue (00G). */
export function ownerKind(ownerId) {
  if (typeof ownerId !== 'string') return 'unknown';
  if (ownerId.startsWith('005')) return 'user';
  if (ownerId.startsWith('00G')) return 'queue';
  return 'unknown';
}

/** The functions owning a stage, with their shares once there is more than one: "Marketing 60% + Sales 40%". */
export function ownersLine(owners) {
  if (!Array.isArray(owners) || owners.length === 0) return 'No function';
  if (owners.length === 1) return owners[0].label;
  return owners.map((o) => `${o.label} ${Math.round(o.weight * 100)}%`).join(' + ');
}

function runningState(sla, now) {
  if (now > sla.dueAt) return 'breached';
  return now >= sla.atRiskAt ? 'at_risk' : 'on_track';
}

function timeLeft(sla, now) {
  return now > sla.dueAt
    ? `overdue by ${formatDuration(minutesBetween(sla.dueAt, now))}`
    : `due in ${formatDuration(minutesBetween(now, sla.dueAt))}`;
}

/**
 * The SLA clock as it reads now. A running clock's state follows from its instants (it turns at
 * risk, then breached, while the stored card stays the same); a stopped one keeps its verdict.
 */
export function readSla(sla, now) {
  const running = sla.state !== 'met' && sla.state !== 'met_late';
  const state = running ? runningState(sla, now) : sla.state;
  return {
    state,
    label: SLA_LABELS[state] ?? state,
    badgeClass: SLA_BADGE_CLASSES[state] ?? '',
    running,
    remaining: running ? timeLeft(sla, now) : null,
  };
}

export function touchLine(touch, timeZone, locale) {
  if (!touch) return 'none recorded';
  const detail = [touch.sourceDetail, touch.campaign].filter(
    (d) => d !== null && d !== undefined && d !== '',
  );
  const suffix = detail.length > 0 ? ` (${detail.join(', ')})` : '';
  return `${touch.channelLabel}${suffix}, ${formatInstant(touch.at, timeZone, locale)}`;
}

function criterionLine(criterion) {
  return `${criterion.label}: ${criterion.observed ?? 'no value'}`;
}

/** Each criterion of a verdict, met, missed or disqualifying, with the value seen when it was reached. */
export function criteriaRows(verdict) {
  const rows = (list, kind, mark) =>
    (list ?? []).map((c, i) => ({ key: `${kind}:${i}`, kind, mark, text: criterionLine(c) }));
  return [
    ...rows(verdict.met, 'met', '✓'),
    ...rows(verdict.missed, 'missed', '✗'),
    ...rows(verdict.disqualifiedBy, 'disqualified', '⛔'),
  ];
}

export function definitionLine(verdict) {
  return `${verdict.definitionName ?? verdict.definitionKey} v${verdict.definitionVersion}`;
}

export function scoreLine(verdict) {
  const of = (threshold) => (threshold === null || threshold === undefined ? '' : ` of ${threshold}`);
  return `${verdict.fitScore}${of(verdict.fitThreshold)} / ${verdict.engagementScore}${of(verdict.engagementThreshold)}`;
}

/** The Lead's disposition field holds at most 255 characters: an id, the action and its reason. */
const DISPOSITION_MAX_LENGTH = 255;

/** What Accept and Reject write to the disposition field; Baton records each id once. */
export function dispositionValue(id, action, reasonCode) {
  const value = JSON.stringify(action === 'reject' ? { id, action, reasonCode } : { id, action });
  if (value.length > DISPOSITION_MAX_LENGTH) {
    throw new Error(`The reason code is too long for the disposition field (${value.length} characters)`);
  }
  return value;
}

const NO_REASON = 'Salesforce gave no reason.';

/** The messages of a Lightning Data Service error body: per record and per field, else its summary. */
function bodyMessages(body) {
  if (Array.isArray(body)) return body.map((b) => b?.message);
  if (!body || typeof body !== 'object') return [];
  const output = body.output ?? {};
  const detailed = [
    ...(output.errors ?? []).map((e) => e.message),
    ...Object.values(output.fieldErrors ?? {}).flatMap((list) => list.map((e) => e.message)),
  ];
  return detailed.some(Boolean) ? detailed : [body.message];
}

/** A readable message from whatever Lightning Data Service or the platform threw. */
export function errorMessage(error) {
  if (!error) return NO_REASON;
  if (typeof error === 'string') return error;
  if (Array.isArray(error)) return error.map(errorMessage).join(' ');
  const messages = bodyMessages(error.body).filter((m) => typeof m === 'string' && m !== '');
  if (messages.length > 0) return messages.join(' ');
  return typeof error.message === 'string' && error.message !== '' ? error.message : NO_REASON;
}
