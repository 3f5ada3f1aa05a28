import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * The Lead page component is tested with Salesforce's own LWC tooling (`@salesforce/sfdx-lwc-jest`,
 * on Jest): this runs that suite as part of `npm test`, so one command runs every test, and
 * fails with Jest's own report of what broke.
 */
it('the Baton Lead card passes its sfdx-lwc-jest suite', { timeout: 180_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'baton-lwc-'));
  const report = join(folder, 'jest.json');
  try {
    const jest = join('node_modules', 'jest', 'bin', 'jest.js');
    const outcome = await run(
      process.execPath,
      [jest, '-c', 'extensions/salesforce/jest.config.cjs', '--json', `--outputFile=${report}`],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => error);
    const result = JSON.parse(await readFile(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { message: string }[];
    };
    const failures = result.testResults.map((r) => r.message).filter((m) => m !== '');
    expect(failures, 'stderr' in outcome ? String(outcome.stderr) : '').toEqual([]);
    expect(result.numFailedTests).toBe(0);
    expect(result.numPassedTests).toBeGreaterThan(40);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
