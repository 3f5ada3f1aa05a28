import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import {
  type HubSpotStandIn,
  startHubSpotStandIn,
} from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { withoutSpecs } from '../contracts/hubspot-contract.ts';
import { APP, callApi, installApp } from './stand-in-harness.ts';

const BATCH_READ = '/crm/v3/objects/contacts/batch/read';
/** HubSpot's spec requires `propertiesWithHistory`; the stand-in's own rules do not. */
const SPEC_REFUSES = { inputs: [{ id: '1' }], properties: [] };

let standIn: HubSpotStandIn | undefined;
let empty: string | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await standIn?.close();
  if (empty) await rm(empty, { recursive: true, force: true });
});

function loggedLines() {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('the HubSpot stand-in and HubSpot’s specs', () => {
  it('without the specs, serves what they would refuse and says so once in its log', async () => {
    empty = await mkdtemp(join(tmpdir(), 'baton-no-specs-'));
    vi.stubEnv('BATON_HUBSPOT_OPENAPI_DIR', empty);
    const { lines, logger } = loggedLines();
    standIn = await startHubSpotStandIn({ ...APP, logger });
    const { accessToken } = await installApp(standIn);
    const answer = await callApi(standIn, accessToken, 'POST', BATCH_READ, SPEC_REFUSES);
    expect(answer.status).toBe(207);
    const notices = lines.filter((line) => line.msg.includes('BATON_HUBSPOT_OPENAPI_DIR'));
    expect(notices).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringContaining('does not check requests') }),
    ]);
  });

  it.skipIf(withoutSpecs)('finds the specs by itself and refuses what they refuse', async () => {
    const { lines, logger } = loggedLines();
    standIn = await startHubSpotStandIn({ ...APP, logger });
    const { accessToken } = await installApp(standIn);
    const answer = await callApi(standIn, accessToken, 'POST', BATCH_READ, SPEC_REFUSES);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(lines.filter((line) => line.msg.includes('BATON_HUBSPOT_OPENAPI_DIR'))).toEqual([]);
  });
});
