import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Prints a line per vitest JSON report, then one plain `N passed, N failed` line over them all.
 * Fails if any test failed, if none passed, or if a report before `--may-skip` skipped a test:
 * those runs have HubSpot's specs, so nothing there may skip. Reports after it (the clone
 * without the specs) may skip the contract checks.
 */
interface Report {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
}

let passed = 0;
let failed = 0;
let maySkip = false;
const problems: string[] = [];
for (const argument of process.argv.slice(2)) {
  if (argument === '--may-skip') {
    maySkip = true;
    continue;
  }
  const report = JSON.parse(readFileSync(argument, 'utf8')) as Report;
  const skipped = report.numPendingTests + report.numTodoTests;
  const name = basename(argument, '.json');
  console.log(
    `${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
  );
  if (skipped > 0 && !maySkip) problems.push(`${name} skipped ${skipped} tests, where nothing may skip`);
  if (report.numPassedTests === 0) problems.push(`${name} passed no tests`);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0 || passed === 0 || problems.length > 0) process.exit(1);
