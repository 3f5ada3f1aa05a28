import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHubSpotContract, withoutSpecs } from './hubspot-contract.ts';

describe.skipIf(withoutSpecs)('HubSpot contract helper', () => {
  it('accepts requests as HubSpot specifies them', async () => {
    const contract = await loadHubSpotContract();
    expect(
      contract.problems({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/update',
        headers: { 'content-type': 'application/json' },
        body: { inputs: [{ id: '501', properties: { baton_stage: 'mql' } }] },
      }),
    ).toEqual([]);
    expect(
      contract.problems({
        method: 'POST',
        path: '/oauth/2026-03/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&client_id=id&client_secret=secret&refresh_token=token',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a batch update without its inputs',
      { method: 'POST', path: '/crm/v3/objects/contacts/batch/update', body: { records: [] } },
      'inputs',
    ],
    [
      'a batch update whose record lacks an id',
      {
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/update',
        body: { inputs: [{ properties: {} }] },
      },
      'id',
    ],
    [
      'a token request with an unknown grant type',
      {
        method: 'POST',
        path: '/oauth/2026-03/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password&client_id=id',
      },
      'grant_type',
    ],
    [
      'an endpoint HubSpot does not have',
      { method: 'POST', path: '/crm/v3/objects/contacts/bulk' },
      'not an operation',
    ],
  ])('rejects %s, saying why', async (_what, request, named) => {
    const contract = await loadHubSpotContract();
    const problems = contract.problems(request);
    expect(problems.join('\n')).toContain(named);
    expect(() => contract.assertConforms(request)).toThrow(/does not conform to HubSpot's spec/);
  });
});

describe('HubSpot contract helper without the specs', () => {
  it('explains how to provide the specs when the folder is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'baton-no-specs-'));
    try {
      await expect(loadHubSpotContract(empty)).rejects.toThrow(/BATON_HUBSPOT_OPENAPI_DIR/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
