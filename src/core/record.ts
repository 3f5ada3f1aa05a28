import type { Instant } from './time.ts';

/** CRM property values as the CRM reports them: strings, or null when empty. */
export type PropertyBag = Readonly<Record<string, string | null>>;

/** What Baton knows about one CRM record at one moment. */
export interface RecordSnapshot {
  readonly recordId: string;
  readonly properties: PropertyBag;
  /** When the CRM says these values were current (event time, not processing time). */
  readonly observedAt: Instant;
}
