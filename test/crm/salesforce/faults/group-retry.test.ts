import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inbox } from '../../../../src/store/schema.ts';
import { type FaultStack, startFaultStack } from './fault-stack.ts';
import { createWebLeads, statusesOf } from './lead-checks.ts';

/**
 * Regression: the worker used to split a failed batch into one CRM call per record when the
 * failure said "wait" (REQUEST_LIMIT_EXCEEDED) or "try later" (a 5xx), sending 200 calls where
 * one was refused. Such a group now waits whole.
 */
describe('Salesforce batches after a refusal that is the org’s, not a record’s', () => {
  let f: FaultStack;

  beforeAll(async () => {
    f = await startFaultStack();
    createWebLeads(f.stack.standIn, 1, f.rep, 'Warm-up');
    await f.drain();
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(() => {
    f.stack.standIn.resetCounters();
  });

  it('sends nothing more once the org answers REQUEST_LIMIT_EXCEEDED, until the backoff ends', async () => {
    const { standIn } = f.stack;
    standIn.setApiAllocation({ max: 5_000, used: 5_000, enforce: true });
    createWebLeads(standIn, 5, f.rep, 'Spent');
    await f.drain();
    standIn.setApiAllocation({ used: 0, enforce: false });
    expect(statusesOf(standIn, 'GET /query')).toEqual([403]);
  });

  it('sends a batch answered 503 again as one call, not one call per Lead', async () => {
    const { standIn } = f.stack;
    standIn.injectFailures({ kind: 'server-error', status: 503, count: 1, path: '/composite/sobjects' });
    createWebLeads(standIn, 5, f.rep, 'Unavailable');
    for (let round = 0; round < 5; round += 1) {
      await f.drain();
      if ((await f.db.select().from(inbox).where(eq(inbox.status, 'pending'))).length === 0) break;
      f.clock.advance(60_000);
    }
    expect(statusesOf(standIn, 'PATCH /composite/sobjects')).toEqual([503, 200]);
  });
});
