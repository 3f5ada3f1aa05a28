import type { Tx } from '../store/database.ts';
import type { InboxRow } from '../store/inbox-intake.ts';

/**
 * Handles a group of claimed items of one payload type and tenant, in inbox order.
 * `prepare` runs first, outside any transaction: CRM reads belong there, so network time never
 * holds database locks. `apply` then writes everything through `tx`, the same transaction that
 * marks the items done, so effects and completion commit together or not at all.
 */
export interface InboxHandler<Prepared = undefined> {
  /**
   * Records one CRM call carries for this work (HubSpot's batch endpoints take 100). The worker
   * then claims it in whole calls while it can still wait; without it, work is claimed when due.
   */
  readonly recordsPerCall?: number;
  /**
   * How long this work may wait for a full call, when the worker is not told otherwise: a call
   * of 200 fills in a second at 200 changes/s, where one of 100 takes half that.
   */
  readonly maxWaitMs?: number;
  prepare?(items: readonly InboxRow[], now: Date): Promise<Prepared>;
  apply(tx: Tx, items: readonly InboxRow[], prepared: Prepared, now: Date): Promise<void>;
}

/** Handlers by payload type, one per kind of work, instead of a growing switch. */
export class HandlerRegistry {
  readonly #handlers = new Map<string, InboxHandler<unknown>>();

  on<Prepared>(type: string, handler: InboxHandler<Prepared>): this {
    if (this.#handlers.has(type)) throw new Error(`a handler for "${type}" is already registered`);
    this.#handlers.set(type, handler as InboxHandler<unknown>);
    return this;
  }

  resolve(item: InboxRow): InboxHandler<unknown> | undefined {
    return this.#handlers.get(item.kind);
  }

  recordsPerCall(type: string): number | undefined {
    return this.#handlers.get(type)?.recordsPerCall;
  }

  maxWaitMs(type: string): number | undefined {
    return this.#handlers.get(type)?.maxWaitMs;
  }
}
