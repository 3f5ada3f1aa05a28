import { type NextFunction, type Request, type Response, Router } from 'express';
import { REQUEST_LIMIT_EXCEEDED, sendRestError } from './salesforce-errors.ts';

export interface ApiAllocationOptions {
  /** The org's daily API request allocation (DailyApiRequests.Max). */
  readonly max: number;
  /** Answer 403 REQUEST_LIMIT_EXCEEDED once it is spent (Salesforce does; off by default here). */
  readonly enforce: boolean;
}

export interface ApiUsage {
  readonly max: number;
  readonly used: number;
  readonly remaining: number;
}

/** Counts every authenticated REST call against the org's daily allocation, as Salesforce does. */
export function createApiAllocation(options: ApiAllocationOptions) {
  let max = options.max;
  let enforce = options.enforce;
  let used = 0;
  const usage = (): ApiUsage => ({ max, used, remaining: Math.max(0, max - used) });

  const middleware = (_request: Request, response: Response, next: NextFunction) => {
    if (enforce && used >= max) {
      sendRestError(response, 403, REQUEST_LIMIT_EXCEEDED.errorCode, REQUEST_LIMIT_EXCEEDED.message);
      return;
    }
    used += 1;
    response.set('Sforce-Limit-Info', `api-usage=${used}/${max}`);
    next();
  };

  const limitsRouter = Router();
  limitsRouter.get('/limits', (_request, response) => {
    const { remaining } = usage();
    const allowance = (allowed: number, left = allowed) => ({ Max: allowed, Remaining: left });
    response.json({
      DailyApiRequests: allowance(max, remaining),
      DailyAsyncApexExecutions: allowance(250_000),
      DailyBulkApiBatches: allowance(15_000),
      DailyBulkV2QueryFileStorageMB: allowance(976_562),
      DailyBulkV2QueryJobs: allowance(10_000),
      DailyWorkflowEmails: allowance(1_170),
      DataStorageMB: allowance(5, 5),
      FileStorageMB: allowance(20, 20),
      HourlyPublishedPlatformEvents: allowance(50_000),
      SingleEmail: allowance(15),
    });
  });

  return {
    middleware,
    limitsRouter,
    usage,
    /** Sets the allocation and, optionally, how much of it today's calls have already spent. */
    setAllocation(next: { readonly max?: number; readonly used?: number; readonly enforce?: boolean }) {
      if (next.max !== undefined) max = next.max;
      if (next.used !== undefined) used = next.used;
      if (next.enforce !== undefined) enforce = next.enforce;
    },
  };
}

export type ApiAllocation = ReturnType<typeof createApiAllocation>;
