import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamRejectedError } from '../../../errors.ts';
import type { BulkJob, BulkQueryApi } from './bulk-query-api.ts';

export const DEFAULT_POLL_MS = 2_000;
/** A large org's job runs for minutes: checks slow down to one every 30 s, a few calls an hour. */
const SLOWEST_POLL_MS = 30_000;

/** A job Salesforce ended without results: a re-run starts the phase with a new job. */
export class BulkJobEndedError extends UpstreamRejectedError {}

/**
 * Checks a query job until Salesforce has finished it: JobComplete answers the job, Failed and
 * Aborted fail with Salesforce's own reason. Null when `signal` stops the wait (the job goes on
 * at Salesforce, and a re-run checks the same job). `onCheck` counts each call, refused ones too.
 */
export async function awaitBulkJob(
  api: BulkQueryApi,
  id: string,
  options: { readonly pollMs: number; readonly signal?: AbortSignal; readonly onCheck: () => void },
): Promise<BulkJob | null> {
  let waitMs = options.pollMs;
  for (;;) {
    let job: BulkJob;
    try {
      job = await api.job(id);
    } finally {
      options.onCheck();
    }
    if (job.state === 'JobComplete') return job;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new BulkJobEndedError(
        `Salesforce's Bulk API query job ${id} ended ${job.state}: ${job.errorMessage ?? 'Salesforce gave no reason'}`,
      );
    }
    try {
      await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      if (options.signal?.aborted) return null;
      throw error;
    }
    waitMs = Math.max(options.pollMs, Math.min(SLOWEST_POLL_MS, waitMs * 2));
  }
}
