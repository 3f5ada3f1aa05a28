import type { StageSla } from './sla-policy.ts';

// Field-practice defaults (DOMAIN.md §5). The sources state them in plain elapsed hours, so they
// run on the calendar clock; a tenant that wants business hours switches `clock`.

/** A clock reads "at risk" once three quarters of its window is used. */
export const DEFAULT_AT_RISK_SHARE = 0.75;

const NOTIFY_OWNER_AND_MANAGER = [
  { kind: 'notify', target: 'owner' },
  { kind: 'notify', target: 'manager' },
] as const;

/**
 * Sales accepts or rejects a handed-off MQL within 48 h. A rejection answers it as much as an
 * acceptance, and so does sales disqualifying the lead or sending it back to nurture.
 */
export const ACCEPT_OR_REJECT_SLA: StageSla = {
  targetMinutes: 48 * 60,
  clock: 'calendar',
  atRiskShare: DEFAULT_AT_RISK_SHARE,
  breachActions: NOTIFY_OWNER_AND_MANAGER,
  stopsOn: ['accepted', 'rejected', 'disqualified', 'recycled'],
};

/** First contact attempt within 24 h of acceptance. */
export const FIRST_CONTACT_SLA: StageSla = {
  targetMinutes: 24 * 60,
  clock: 'calendar',
  atRiskShare: DEFAULT_AT_RISK_SHARE,
  breachActions: NOTIFY_OWNER_AND_MANAGER,
  stopsOn: ['first_contact_attempt', 'first_contact'],
};

/** High-intent requests (e.g. a demo request) get a first contact attempt within 4 h. */
export const HIGH_INTENT_FIRST_CONTACT_SLA: StageSla = {
  ...FIRST_CONTACT_SLA,
  targetMinutes: 4 * 60,
};

/** Sales makes at least this many contact attempts before recycling a lead to marketing nurture. */
export const MIN_CONTACT_ATTEMPTS_BEFORE_RECYCLE = 3;
