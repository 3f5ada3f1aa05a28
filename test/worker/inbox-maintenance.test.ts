import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimBatch, complete, enqueue } from '../../src/store/inbox.ts';
import { inbox } from '../../src/store/schema.ts';
import { maintainInbox } from '../../src/worker/inbox-maintenance.ts';
import { installTenant, T0 } from '../store/fixtures.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';

const HOUR = 3_600_000;

describe('inbox maintenance', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore();
  });
  afterEach(() => store.close());

  it('drops unattached events past the install window and purges old finished items, keeping the rest', async () => {
    const tenant = await installTenant(store.db);
    const item = (key: string, tenantId: string | null) => ({
      crm: 'hubspot' as const,
      externalAccountId: tenantId ? tenant.externalId : '999',
      tenantId,
      dedupeKey: key,
      payload: { type: 'x' },
    });
    await enqueue(store.db, [item('early-orphan', null), item('done-old', tenant.id)], new Date(T0));
    const claimed = await claimBatch(store.db, {
      workerId: 'w',
      limit: 10,
      leaseMs: 60_000,
      now: new Date(T0),
    });
    await complete(
      store.db,
      claimed.map((c) => c.id),
      'w',
      new Date(T0),
    );
    await enqueue(
      store.db,
      [item('fresh-orphan', null), item('pending', tenant.id)],
      new Date(T0 + 70 * HOUR),
    );

    const result = await maintainInbox(store.db, new Date(T0 + 80 * HOUR));
    expect(result).toEqual({ droppedUnattached: 1, purgedDone: 1 });
    const left = await store.db.select({ key: inbox.dedupeKey }).from(inbox).orderBy(inbox.dedupeKey);
    expect(left.map((r) => r.key)).toEqual(['fresh-orphan', 'pending']);
  });
});
