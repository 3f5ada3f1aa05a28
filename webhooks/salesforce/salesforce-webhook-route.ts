import express, { type ErrorRequestHandler, type Response, type Router } from 'express';
import { outboundMessageItems } from '../../src/crm/salesforce/intake/outbound-message-items.ts';
import {
  OUTBOUND_MESSAGE_ACK,
  soapClientFault,
} from '../../src/crm/salesforce/intake/outbound-message-replies.ts';
import {
  type OutboundMessage,
  parseOutboundMessage,
} from '../../src/crm/salesforce/intake/parse-outbound-message.ts';
import { SALESFORCE_EVENT } from '../../src/crm/salesforce/intake/salesforce-event-kind.ts';
import { InputInvalidError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import { bodyReadFailure } from '../../src/server/body-read-failure.ts';
import type { Db } from '../../src/store/database.ts';
import { enqueueRecordEvents } from '../../src/store/inbox-intake.ts';
import { createOrgTenantCache } from './org-tenant-cache.ts';

export interface SalesforceWebhookDependencies {
  readonly db: Db;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export const SALESFORCE_WEBHOOK_PATH = '/webhooks/salesforce';
export const SALESFORCE_BODY_LIMIT_BYTES = 1_048_576;

/**
 * `POST /webhooks/salesforce`: parse the Outbound Message, check its org is an active tenant,
 * store its Lead notifications in the inbox (deduped on the notification id, one statement),
 * answer the Ack. Outbound Messages are unsigned: the org check is the only gate, and the worker
 * re-reads each Lead with Baton's own token. Refusals are SOAP Faults, which Salesforce shows in
 * the org's delivery status and retries for 24 h; nothing refused is stored.
 */
export function salesforceWebhookRouter(deps: SalesforceWebhookDependencies): Router {
  const { db, clock, logger } = deps;
  const tenantOf = createOrgTenantCache(db, { clock });
  const router = express.Router();
  router.post(
    SALESFORCE_WEBHOOK_PATH,
    // Any content type: Salesforce sends text/xml, and the bytes are checked as XML whatever the label.
    express.raw({ type: () => true, limit: SALESFORCE_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const now = clock();
      let message: OutboundMessage;
      try {
        message = parseOutboundMessage(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      } catch (error) {
        if (!(error instanceof InputInvalidError)) throw error;
        logger.info(
          { reason: error.message },
          'Salesforce Outbound Message refused: not an Outbound Message',
        );
        answerFault(res, 400, error.message);
        return;
      }
      const { organizationId, notifications } = message;
      const tenantId = await tenantOf(organizationId);
      if (tenantId === null) {
        logger.info(
          { organizationId },
          'Salesforce Outbound Message refused: org has no active Baton install',
        );
        answerFault(
          res,
          403,
          `organization ${organizationId} has no active Baton install: install Baton in the org, or remove the Outbound Message that points here`,
        );
        return;
      }
      const { items, ignoredTypes } = outboundMessageItems(message, tenantId);
      if (ignoredTypes.length > 0) {
        logger.warn(
          { organizationId, actionId: message.actionId, objectTypes: ignoredTypes },
          'Salesforce Outbound Message carries records Baton does not keep: acknowledged and dropped',
        );
      }
      const { inserted, duplicates } = await enqueueRecordEvents(db, SALESFORCE_EVENT, items, now);
      logger.debug(
        {
          organizationId,
          received: notifications.length,
          stored: inserted,
          duplicates,
          ignored: notifications.length - items.length,
        },
        'Salesforce Outbound Message stored',
      );
      res.status(200).type('text/xml; charset=utf-8').send(OUTBOUND_MESSAGE_ACK);
    },
  );
  router.use(SALESFORCE_WEBHOOK_PATH, unreadableBody(logger));
  return router;
}

/**
 * Bodies the raw parser could not read (too large, undecodable, cut short) are answered here as
 * SOAP Faults instead of by the JSON error handler; everything else passes on to it. Too large is
 * a 400 like every other refused body: nothing of it was stored.
 */
function unreadableBody(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const failure = bodyReadFailure(error);
    if (!failure) {
      next(error);
      return;
    }
    const tooLarge = failure.code === 'body_too_large';
    const message = tooLarge
      ? `the body is larger than ${SALESFORCE_BODY_LIMIT_BYTES} bytes, more than an Outbound Message of 100 notifications needs`
      : failure.message;
    logger[failure.logLevel](
      { reason: failure.code },
      'Salesforce Outbound Message refused: body unreadable',
    );
    answerFault(res, tooLarge ? 400 : failure.status, message);
  };
}

function answerFault(res: Response, status: number, message: string): void {
  res.status(status).type('text/xml; charset=utf-8').send(soapClientFault(message));
}
