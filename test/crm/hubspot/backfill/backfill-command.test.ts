import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { runHubSpotBackfillCommand } from '../../../../src/crm/hubspot/backfill/backfill-command.ts';
import { InputInvalidError, NotFoundError } from '../../../../src/errors.ts';
import { createTenant } from '../../../../src/store/tenants.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { isolateNetwork } from '../api/hubspot-test-kit.ts';
import { storedFor } from './backfill-kit.ts';

let store: TestStore;
let dataDir = '';
beforeAll(async () => {
  isolateNetwork();
  store = await openTestStore();
  dataDir = await mkdtemp(join(tmpdir(), 'baton-backfill-'));
});
afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

function command(portal: string | undefined) {
  const env = parseEnvironment({
    BATON_DATA_DIR: dataDir,
    HUBSPOT_CLIENT_ID: 'client-id',
    HUBSPOT_CLIENT_SECRET: 'client-secret',
    LOG_LEVEL: 'silent',
  });
  const written: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      written.push(String(chunk));
      done();
    },
  });
  const run = runHubSpotBackfillCommand(
    { env, db: store.db, err: sink, out: { write: (text: string) => written.push(text) } },
    { portal, restart: false },
  );
  return { run, written };
}

describe('backfill hubspot: bad input changes nothing', () => {
  it.each([
    [undefined, InputInvalidError, 'backfill hubspot needs --portal <HubSpot portal id>'],
    ['acme', InputInvalidError, '--portal must be a HubSpot portal id (digits only), not "acme"'],
    ['62515; drop table', InputInvalidError, 'digits only'],
    ['-5', InputInvalidError, 'digits only'],
    ['987654321', NotFoundError, 'HubSpot portal 987654321 has not installed Baton'],
  ])('portal %s is refused', async (portal, kind, message) => {
    const { run, written } = command(portal);
    const refusal = await run.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(kind);
    expect((refusal as Error).message).toContain(message);
    expect(written).toEqual([]);
  });

  it.each([
    ['uninstalled', 'uninstalled Baton; it must be reinstalled before a backfill'],
    ['installing', 'has not finished installing Baton'],
  ] as const)('a tenant that is %s is refused', async (status, message) => {
    const externalId = status === 'uninstalled' ? '5550001' : '5550002';
    const tenant = await createTenant(
      store.db,
      { crm: 'hubspot', externalId, name: 'Gone', status },
      new Date('2026-03-02T10:00:00Z'),
    );
    await expect(command(externalId).run).rejects.toThrow(message);
    await expect(command(externalId).run).rejects.toBeInstanceOf(InputInvalidError);
    expect((await storedFor(store.db, tenant)).runs).toBe(0);
  });

  it('a Salesforce org with the same id is not a HubSpot portal', async () => {
    await createTenant(
      store.db,
      { crm: 'salesforce', externalId: '5550003', name: 'SF', status: 'active' },
      new Date('2026-03-02T10:00:00Z'),
    );
    await expect(command('5550003').run).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refusals wrote nothing: no development key was generated in the data directory', async () => {
    expect(await readdir(dataDir)).toEqual([]);
  });
});
