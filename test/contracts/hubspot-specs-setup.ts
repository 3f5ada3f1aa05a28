import {
  findHubSpotSpecs,
  missingSpecsNotice,
} from '../../src/simulate/hubspot-stand-in/hubspot-spec-folder.ts';

/**
 * HubSpot's specs are third-party files kept outside the repository, so a plain clone lacks them:
 * the contract checks then skip themselves and this says so in one line. CI sets
 * `BATON_REQUIRE_CONTRACTS=1`, where a missing spec folder fails the run instead.
 */
export function checkHubSpotSpecs(env: NodeJS.ProcessEnv, warn: (line: string) => void): void {
  if (findHubSpotSpecs(env) !== null) return;
  if (env.BATON_REQUIRE_CONTRACTS === '1') {
    throw new Error(`BATON_REQUIRE_CONTRACTS=1, but ${missingSpecsNotice(env)}.`);
  }
  warn(`Contract checks skipped: ${missingSpecsNotice(env)}.`);
}

/** Vitest's global setup: runs once, before any test file. */
export default function setup(): void {
  checkHubSpotSpecs(process.env, (line) => console.warn(line));
}
