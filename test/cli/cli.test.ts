import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAnswers } from '../../src/store/assessments.ts';
import { openDatabase } from '../../src/store/database.ts';
import { claimBatch, fail } from '../../src/store/inbox-claim.ts';
import { enqueue } from '../../src/store/inbox-intake.ts';
import { refreshLeadFacts } from '../../src/store/lead-facts.ts';
import { appendLedgerEntries } from '../../src/store/ledger.ts';
import { handoffEntries, installTenant } from '../store/fixtures.ts';

const run = promisify(execFile);

async function baton(args: string[], dataDir: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/cli/main.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', BATON_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('baton CLI', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('generates a usable encryption key', async () => {
    const { code, stdout } = await baton(['keygen'], dataDir);
    expect(code).toBe(0);
    expect(Buffer.from(stdout.trim(), 'base64')).toHaveLength(32);
  });

  it('rejects an unknown command with usage and exit code 2', async () => {
    const { code, stderr } = await baton(['frobnicate'], dataDir);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
    expect(stderr).toContain('Usage: npm run baton');
  });

  it('scores assessment answers collected elsewhere as one JSON object, and refuses bad ones printing no result', async () => {
    const file = join(dataDir, 'answers.json');
    const maturity = (sum: number) => [...Array.from({ length: 19 }, () => 3), sum - 57];
    await writeFile(
      file,
      JSON.stringify({
        instrument: 'maturity',
        respondents: [
          { function: 'sales', answers: maturity(60) },
          { function: 'marketing', level: 'manager', answers: maturity(59) },
        ],
      }),
    );
    const ok = await baton(['assess', 'score', '--file', file, '--json'], dataDir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      respondents: [
        { score: 60, band: 'Aligned' },
        { score: 59, band: 'Defined' },
      ],
      overall: { mean: 59.5, band: 'Defined' },
      byFunction: {
        sales: { respondents: 1, score: 60, band: 'Aligned' },
        marketing: { respondents: 1, score: 59, band: 'Defined' },
      },
      gap: 1,
      flags: [],
    });

    await writeFile(
      file,
      JSON.stringify({
        instrument: 'c3:buy-in',
        respondents: [{ function: 'sales', answers: [1, 2, 3, 4, 5, 9] }],
      }),
    );
    const bad = await baton(['assess', 'score', '--file', file, '--json'], dataDir);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('respondent 1 (sales), item 6: 9 is not a whole number from 1 to 7');

    const human = await baton(['assess', 'score', '--file', file.replace('answers', 'missing')], dataDir);
    expect(human.code).not.toBe(0);
    expect(human.stderr).toContain('cannot be read');
  });

  // Three CLI processes each boot embedded PostgreSQL: ~10 s apiece on a loaded 2-core machine.
  it('lists dead letters with their reason and puts them back in the queue', async () => {
    const database = await openDatabase({ dataDir });
    const tenant = await installTenant(database.db);
    const now = new Date();
    await enqueue(
      database.db,
      [
        {
          crm: 'hubspot',
          externalAccountId: tenant.externalId,
          tenantId: tenant.id,
          dedupeKey: 'd1',
          payload: { type: 'x' },
        },
      ],
      now,
    );
    const [item] = await claimBatch(database.db, { workerId: 'w', limit: 1, leaseMs: 1000, now });
    if (!item) throw new Error('nothing claimed');
    await fail(database.db, item.id, 'w', 'no handler for payload type "x"', now, { dead: true });
    await database.close();

    const listed = await baton(['inbox'], dataDir);
    expect(listed.stdout).toContain(`#${item.id} hubspot:${tenant.externalId}`);
    expect(listed.stdout).toContain('no handler for payload type "x"');
    const retried = await baton(['inbox', 'retry', String(item.id)], dataDir);
    expect(retried.stdout).toContain('1 of 1 item(s) queued again');
    expect((await baton(['inbox'], dataDir)).stdout).toContain('no dead letters');
  }, 90_000);

  it('refuses to open the embedded database another process holds, saying which and what to do', async () => {
    const holder = await openDatabase({ dataDir });
    try {
      const refused = await baton(['inbox'], dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(refused.stderr).toContain(`Stop that process (Ctrl-C where it runs, or kill ${process.pid})`);
      expect(refused.stderr).toContain('DATABASE_URL');
      // The holder's database is untouched by the refused opener.
      await expect(holder.ping()).resolves.toBeUndefined();
    } finally {
      await holder.close();
    }
    expect((await baton(['inbox'], dataDir)).code).toBe(0);
  });

  it('prints a report for people, as JSON and as CSV, and refuses a bad request with exit 2', async () => {
    const database = await openDatabase({ dataDir });
    const tenant = await installTenant(database.db, 'Reporting');
    await appendLedgerEntries(database.db, tenant.id, [...handoffEntries('a'), ...handoffEntries('b', 30)]);
    await refreshLeadFacts(database.db, tenant.id, ['a', 'b'], new Date());
    await database.close();
    const account = `--tenant=hubspot:${tenant.externalId}`;

    const text = await baton(['report', 'lead-quality', account], dataDir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Lead quality: Reporting');
    expect(text.stdout).toMatch(/qualified\s+2/);
    const json = JSON.parse((await baton(['report', 'waterfall', account, '--json'], dataDir)).stdout);
    expect(json).toMatchObject({ name: 'waterfall', leads: 2 });
    const csv = await baton(
      ['report', 'waterfall', `--tenant=${tenant.id}`, '--csv', '--from=2026-03-01'],
      dataDir,
    );
    expect(parse(csv.stdout, { columns: true, cast: true })[1]).toMatchObject({ stage: 'mql', reached: 2 });

    for (const args of [
      ['report', 'pipeline-magic', account],
      ['report', 'waterfall'],
      ['report', 'waterfall', '--tenant=hubspot:424242'],
      ['report', 'waterfall', account, '--from=last-week'],
    ]) {
      const refused = await baton(args, dataDir);
      expect([refused.code, refused.stdout]).toEqual([2, '']);
    }
    expect((await baton(['report', 'waterfall', account, '--from=last-week'], dataDir)).stderr).toContain(
      'from must be a date',
    );
  }, 90_000);

  it('opens an assessment round, lists it, shows its results and closes it; bad input exits 2', async () => {
    const database = await openDatabase({ dataDir });
    const tenant = await installTenant(database.db, 'Assessing');
    await database.close();
    const account = `--tenant=hubspot:${tenant.externalId}`;

    const opened = await baton(
      ['assess', 'open', account, '--instrument=maturity', '--invite=sales=3,marketing@manager=1'],
      dataDir,
    );
    expect(opened.code).toBe(0);
    const links = opened.stdout.split('\n').filter((line) => line.includes('/assess/'));
    expect(links.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'sales',
      'sales',
      'sales',
      'marketing@manager',
    ]);
    const roundId = /\(([0-9a-f-]{36})\)/.exec(opened.stdout)?.[1] ?? '';

    const store = await openDatabase({ dataDir });
    for (const line of links.slice(0, 3))
      await submitAnswers(
        store.db,
        line.trim().split('/assess/')[1] ?? '',
        Array.from({ length: 20 }, () => 4),
      );
    await store.close();

    const results = JSON.parse(
      (await baton(['assess', 'results', account, `--round=${roundId}`, '--json'], dataDir)).stdout,
    );
    expect(results.round).toMatchObject({ invited: 4, answered: 3 });
    expect(results.results.byFunction.sales).toMatchObject({ shown: true, score: 80, band: 'Integrated' });
    expect(results.results.byFunction.marketing).toBeUndefined();
    const listed = await baton(['assess', 'rounds', account], dataDir);
    expect(listed.stdout).toMatch(/open\s+maturity\s+3\/4 answered/);
    expect(listed.stdout).toContain('next maturity round: not yet');
    expect((await baton(['assess', 'close', account, `--round=${roundId}`], dataDir)).stdout).toContain(
      'closed',
    );

    for (const args of [
      ['assess', 'open', account, '--instrument=maturity', '--invite=sales'],
      ['assess', 'open', account, '--instrument=c3:buy-in', '--invite=marketing=3'],
      ['assess', 'results', account],
      ['assess', 'results', account, '--round=00000000-0000-4000-8000-000000000000'],
    ]) {
      const refused = await baton(args, dataDir);
      expect([refused.code, refused.stdout]).toEqual([2, '']);
    }
  }, 90_000);
});
