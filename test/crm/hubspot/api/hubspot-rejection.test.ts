import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { describe, expect, it } from 'vitest';
import {
  HubSpotRejectionError,
  readHubSpotErrorBody,
} from '../../../../src/crm/hubspot/api/hubspot-rejection.ts';
import { InputInvalidError } from '../../../../src/errors.ts';
import { createLogger } from '../../../../src/log.ts';
import { decideRetry } from '../../../../src/retry-policy.ts';
import { errorHandler } from '../../../../src/server/error-handler.ts';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

const missingScope = () =>
  new HubSpotRejectionError(
    'uninstall',
    403,
    readHubSpotErrorBody({ category: 'MISSING_SCOPES', message: 'This app lacks a required scope' }),
  );

/** What Baton's HTTP edge answers when a route fails with `error`. */
async function answerFor(error: unknown): Promise<{ status: number; body: unknown }> {
  const app = express();
  app.get('/fails', () => {
    throw error;
  });
  app.use(errorHandler(silent));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/fails`);
    return { status: response.status, body: await response.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('a HubSpot refusal', () => {
  it('is not the caller’s bad input: a HubSpot 403 answers 502 upstream_rejected, not 400', async () => {
    const refusal = missingScope();
    expect(refusal).not.toBeInstanceOf(InputInvalidError);
    const answer = await answerFor(refusal);
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({
      error: {
        code: 'upstream_rejected',
        message: 'HubSpot rejected uninstall (403 MISSING_SCOPES): This app lacks a required scope',
      },
    });
  });

  it('is never retried', () => {
    expect(decideRetry(missingScope(), 1)).toMatchObject({ kind: 'dead' });
  });
});
