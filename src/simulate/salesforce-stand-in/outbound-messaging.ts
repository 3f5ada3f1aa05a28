import type { Logger } from '../../log.ts';
import { createSeededRandom } from '../hubspot-stand-in/seeded-random.ts';
import type { Row } from './field-values.ts';
import type { OrgSchema } from './org-schema.ts';
import type { RecordChange } from './org-store.ts';
import { createOutboundDispatcher } from './outbound-dispatcher.ts';
import { createOutboundTrigger } from './outbound-trigger.ts';
import type { IdFactory } from './record-ids.ts';
import type { resolveStandInOptions } from './stand-in-options.ts';

/**
 * The org's record-triggered Flow with its Outbound Message action: one action id, a notification
 * per qualifying Lead change, delivered by the dispatcher.
 */
export function createOutboundMessaging(parts: {
  readonly schema: OrgSchema;
  readonly ids: IdFactory;
  readonly orgId: string;
  readonly apiVersion: string;
  readonly baseUrl: () => string;
  readonly clock: () => Date;
  readonly seed: number;
  readonly options: ReturnType<typeof resolveStandInOptions>['outbound'];
  readonly logger?: Logger | undefined;
}) {
  const { options, orgId } = parts;
  const actionId = parts.ids.next('OutboundAction');
  const org15 = orgId.slice(0, 15);
  const dispatcher = createOutboundDispatcher({
    clock: parts.clock,
    random: createSeededRandom(parts.seed),
    header: () => ({
      organizationId: orgId,
      actionId,
      // A real session id would let the listener call back as the Flow's user; Baton uses its own token.
      sessionId: options.sendSessionId ? `${org15}!stand-in-session` : null,
      enterpriseUrl: `${parts.baseUrl()}/services/Soap/c/${parts.apiVersion}/${org15}`,
      partnerUrl: `${parts.baseUrl()}/services/Soap/u/${parts.apiVersion}/${org15}`,
    }),
    flushIntervalMs: options.flushMs,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    deliveryTimeoutMs: options.timeoutMs,
    retry: options.retry,
    disorder: options.disorder,
    logger: parts.logger,
  });
  if (options.targetUrl !== undefined) dispatcher.setTarget(options.targetUrl);
  const trigger = createOutboundTrigger({
    schema: parts.schema,
    watchedFields: options.watchedFields,
    messageFields: options.messageFields,
  });
  return {
    dispatcher,
    /** Called with every change in the org and the record as saved. */
    notice(change: RecordChange, row: Row): void {
      const notification = trigger(change, row);
      if (notification) dispatcher.enqueue({ ...notification, id: parts.ids.next('OutboundNotification') });
    },
  };
}
