import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../store/database.ts';
import type { HubSpotStandIn } from '../hubspot-stand-in/start-hubspot-stand-in.ts';

export async function inboxCounts(db: Db): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; items: string | number }>(
    db,
    sql`select status, count(*) as items from inbox group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.items)]));
}

/**
 * Waits until every webhook is delivered and the inbox is drained, and stays so: Baton's
 * write-backs make the portal send `baton_*` change webhooks, which land in the inbox again,
 * so one pass is not enough.
 */
export async function waitUntilSettled(standIn: HubSpotStandIn, db: Db, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  for (;;) {
    await standIn.whenWebhooksDelivered(remaining());
    const emitted = standIn.webhookStats().eventsEmitted;
    for (;;) {
      const counts = await inboxCounts(db);
      if (!counts.pending && !counts.processing) break;
      if (Date.now() > deadline) {
        throw new Error(`the inbox did not drain within ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      }
      await delay(25);
    }
    if (standIn.webhookStats().eventsEmitted === emitted) return;
  }
}
