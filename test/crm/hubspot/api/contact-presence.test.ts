import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotRecordsApi } from '../../../../src/crm/hubspot/api/hubspot-records-api.ts';
import { API, batchAnswer, callRecorder, isolateNetwork, TENANT, testHttp } from './hubspot-test-kit.ts';

const READ = '/crm/v3/objects/contacts/batch/read';

beforeAll(isolateNetwork);
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const contact = (id: string, properties: Record<string, string | null> = {}, archived = false) => ({
  id,
  properties,
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  archived,
});
const notFound = (ids: string[]) => ({
  status: 'error',
  category: 'OBJECT_NOT_FOUND',
  message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
  context: { ids },
  errors: [],
  links: {},
});

describe('confirming deletions and merges', () => {
  it('tells live, merged, archived and unknown contacts apart in two reads', async () => {
    const { http } = testHttp();
    const seen = callRecorder();
    nock(API)
      .post(READ)
      .query({ archived: 'false' })
      .reply(207, async (request: Request) => {
        await seen.record(request);
        // 502 was merged into 601: HubSpot answers it with the survivor, which lists it.
        return batchAnswer(
          [
            contact('501', { hs_merged_object_ids: null }),
            contact('601', { hs_merged_object_ids: '480;502' }),
          ],
          [notFound(['503', '504'])],
        );
      })
      .post(READ)
      .query({ archived: 'true' })
      .reply(207, async (request: Request) => {
        await seen.record(request);
        return batchAnswer([contact('503', {}, true)], [notFound(['504'])]);
      });

    const gone = await createHubSpotRecordsApi(http).findGoneContacts(TENANT, [
      '501',
      '502',
      '503',
      '504',
      '501',
    ]);

    expect(gone).toEqual({ archived: ['503'], mergedInto: new Map([['502', '601']]), missing: ['504'] });
    expect(seen.calls.map((c) => (c.body as { inputs: { id: string }[] }).inputs.map((i) => i.id))).toEqual([
      ['501', '502', '503', '504'],
      ['503', '504'],
    ]);
    await seen.assertAllConform();
  });

  it('costs one read when every contact is live', async () => {
    const { http } = testHttp();
    nock(API)
      .post(READ)
      .query({ archived: 'false' })
      .reply(200, batchAnswer([contact('501'), contact('502')]));

    const gone = await createHubSpotRecordsApi(http).findGoneContacts(TENANT, ['501', '502']);

    expect(gone).toEqual({ archived: [], mergedInto: new Map(), missing: [] });
  });
});
