/** Milliseconds since the Unix epoch, UTC. The core never reads the clock: callers pass instants in. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
