import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../../../src/config/environment.ts';
import { LEAD_BACKFILL } from '../../../../src/crm/salesforce/backfill/backfill-salesforce-leads.ts';
import { runSalesforceBackfillCommand } from '../../../../src/crm/salesforce/backfill/salesforce-backfill-command.ts';
import { InputInvalidError, NotFoundError, RateLimitedError } from '../../../../src/errors.ts';
import type { SalesforceStandIn } from '../../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { getBackfillRun } from '../../../../src/store/backfill-runs.ts';
import { createTenant } from '../../../../src/store/tenants.ts';
import { generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { APP } from '../../../simulate/salesforce-stand-in/harness.ts';
import { openTestStore, type TestStore } from '../../../store/harness.ts';
import { installedOrg, seedHistory, startPackagedOrg } from './backfill-kit.ts';

let store: TestStore;
let dataDir = '';
const orgs: SalesforceStandIn[] = [];
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  store = await openTestStore();
  dataDir = await mkdtemp(join(tmpdir(), 'baton-salesforce-backfill-'));
});
afterAll(async () => {
  await Promise.all(orgs.map((org) => org.close()));
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  nock.enableNetConnect();
});

function command(
  org: string | undefined,
  options: {
    readonly restart?: boolean;
    readonly signal?: AbortSignal;
    readonly env?: Readonly<Record<string, string>>;
  } = {},
) {
  const env = parseEnvironment({
    BATON_DATA_DIR: dataDir,
    SALESFORCE_CLIENT_ID: APP.clientId,
    SALESFORCE_CLIENT_SECRET: APP.clientSecret,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const out: string[] = [];
  const err: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      err.push(String(chunk));
      done();
    },
  });
  const run = runSalesforceBackfillCommand(
    {
      env,
      db: store.db,
      err: sink,
      out: { write: (text: string) => out.push(text) },
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { org, restart: options.restart ?? false },
  );
  return { run, out, err };
}

async function refusal(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('backfill salesforce: bad input changes nothing', () => {
  it.each([
    [undefined, InputInvalidError, 'backfill salesforce needs --org <Salesforce org id>'],
    [
      'acme',
      InputInvalidError,
      '--org must be a Salesforce org id (15 or 18 characters starting 00D), not "acme"',
    ],
    ['00D5e000001aBcD; drop', InputInvalidError, 'starting 00D'],
    ['0055e000003xYzQAAU', InputInvalidError, 'starting 00D'],
    ['00D5e000007nOtIEAU', NotFoundError, 'Salesforce org 00D5e000007nOtIEAU has not installed Baton'],
  ])('org %s is refused', async (org, kind, message) => {
    const { run, out, err } = command(org);
    const error = await refusal(run);
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toContain(message);
    expect([...out, ...err]).toEqual([]);
  });

  it.each([
    ['uninstalled', '00D5e000005uNiNEAU', 'uninstalled Baton; it must be reinstalled before a backfill'],
    ['installing', '00D5e000005iNsTEAU', 'has not finished installing Baton'],
  ] as const)('an org that is %s is refused', async (status, externalId, message) => {
    const tenant = await createTenant(
      store.db,
      { crm: 'salesforce', externalId, name: 'Gone', status },
      new Date('2026-03-02T10:00:00Z'),
    );
    const error = await refusal(command(externalId).run);
    expect(error).toBeInstanceOf(InputInvalidError);
    expect((error as Error).message).toContain(message);
    expect(await getBackfillRun(store.db, tenant.id, LEAD_BACKFILL)).toBeNull();
  });

  it('needs the app credentials to call Salesforce', async () => {
    const externalId = '00D5e000005aPpSEAU';
    await createTenant(
      store.db,
      { crm: 'salesforce', externalId, name: 'Acme', status: 'active' },
      new Date(),
    );
    const error = await refusal(command(externalId, { env: { SALESFORCE_CLIENT_SECRET: '' } }).run);
    expect((error as Error).message).toBe(
      'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET must be set to call Salesforce',
    );
  });

  it('refusals wrote nothing: no development key was generated in the data directory', async () => {
    expect(await readdir(dataDir)).toEqual([]);
  });
});

describe('backfill salesforce --org', () => {
  it('imports an org named by its 15-character id, reports progress, and says what it did', async () => {
    const key = generateEncryptionKey();
    // Complete at the first check: the command waits 2 s between checks.
    const org = await startPackagedOrg({ pollsUntilComplete: 1 });
    orgs.push(org);
    seedHistory(org, 30);
    const { tenant } = await installedOrg(store.db, org, key);
    const env = { TOKEN_ENCRYPTION_KEY: key, SALESFORCE_LOGIN_URL: org.loginUrl };
    const orgId = tenant.externalId;
    expect(orgId).toHaveLength(18);
    // The command's cutoff is now: the history's two Leads from after the tests' cutoff are in too.
    const leads = 32;

    const first = command(orgId.slice(0, 15), { env });
    const outcome = await first.run;
    expect(outcome.kind).toBe('finished');
    expect(first.out).toEqual([
      `Backfill of Salesforce org ${orgId} finished: ${leads} of ${leads} Leads with their campaign memberships, in ${outcome.run.requests} API requests.\n`,
    ]);
    expect(first.err[0]).toMatch(new RegExp(`^backfill org ${orgId}: 0% 0 Leads · creating the Lead job`));
    expect(first.err.at(-1)).toMatch(
      new RegExp(`: 100% ${leads}/${leads} Leads · done · \\d+ requests · \\d+/s\\n$`),
    );

    const again = command(orgId, { env });
    await again.run;
    expect(again.out[0]).toMatch(
      new RegExp(
        `^The backfill of Salesforce org ${orgId} already finished on .+ \\(${leads} Leads imported\\)\\. Run with --restart to import again\\.\\n$`,
      ),
    );

    const stop = new AbortController();
    stop.abort();
    const interrupted = command(orgId, { env, restart: true, signal: stop.signal });
    await interrupted.run;
    expect(interrupted.out).toEqual([
      `Backfill of Salesforce org ${orgId} interrupted at 0 Leads. Its position is saved: run the same command again to continue.\n`,
    ]);

    org.setApiAllocation({ max: 1_000, used: 950 });
    const paused = command(orgId, { env });
    await paused.run;
    expect(paused.out).toEqual([
      `Backfill of Salesforce org ${orgId} paused at 0 Leads: the org has 49 of its 1,000 daily API requests left, ` +
        'fewer than the 100 the backfill leaves to the org. Its position is saved: run the same command again once ' +
        'the allocation has recovered (it counts the last 24 hours).\n',
    ]);

    org.setApiAllocation({ used: 0 });
    org.injectFailures({ kind: 'request-limit', count: 1, path: '/limits' });
    const failed = command(orgId, { env });
    const error = await refusal(failed.run);
    expect((error as Error).message).toBe(
      `backfill of Salesforce org ${orgId} stopped: Salesforce's API allocation is spent (reading the org’s limits)\n` +
        'Its position is saved: run the same command again to continue.',
    );
    expect((error as Error).cause).toBeInstanceOf(RateLimitedError);

    const resumed = command(orgId, { env });
    await resumed.run;
    expect(resumed.out[0]).toContain(
      `finished (resumed): ${leads} of ${leads} Leads with their campaign memberships`,
    );
  });
});
