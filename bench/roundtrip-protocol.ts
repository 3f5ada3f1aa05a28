import type { QualificationDefinition } from '../src/core/qualification/definition.ts';

/** What the round-trip benchmark's two threads say to each other (see `roundtrip-portal.ts`). */
export interface PortalLoad {
  readonly webhookTargetUrl: string;
  readonly offered: number;
  /** The first changes warm Baton up (JIT, caches) and are not timed. */
  readonly warmup: number;
  readonly ratePerSec: number;
  readonly propertiesPerChange: number;
  readonly drainMs: number;
  /** The definition Baton qualifies with, to know the fit score each change implies. */
  readonly definition: QualificationDefinition;
}

export interface PortalRun {
  /** Timed changes whose write-back arrived, with its latency from the change, ms. */
  readonly latencies: readonly number[];
  /** Changes whose write-back never arrived. */
  readonly unanswered: number;
  readonly wrongValues: number;
  readonly writtenPerSec: number;
  readonly contactApiCalls: number;
  readonly callsPer100Changes: number | null;
  readonly callsByEndpoint: Readonly<Record<string, number>>;
  readonly rateLimited: number;
  readonly maxCallsIn10s: number;
  readonly webhookEvents: number;
}

export type PortalRequest =
  | { readonly id: number; readonly method: 'contactPropertyNames' }
  | { readonly id: number; readonly method: 'offer'; readonly load: PortalLoad }
  | { readonly id: number; readonly method: 'close' };

export type PortalMessage =
  | { readonly kind: 'ready'; readonly baseUrl: string; readonly authorizeUrl: string }
  | { readonly kind: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: string };

/**
 * Subscribed properties changed alongside the company size, each a webhook event of its own. Their
 * values (`jobtitle 17`, …) leave the starter definition's fit score to the company size.
 */
export const OTHER_PROPERTIES = [
  'jobtitle',
  'hs_analytics_source_data_2',
  'hs_latest_source_data_2',
  'recent_conversion_event_name',
];
