import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHubSpotSpecs } from '../../src/simulate/hubspot-stand-in/hubspot-spec-folder.ts';
import { checkHubSpotSpecs } from './hubspot-specs-setup.ts';

let root: string;
let withSpec: string;
let empty: string;
let aFile: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'baton-spec-folder-'));
  withSpec = await mkdtemp(join(root, 'with-'));
  empty = await mkdtemp(join(root, 'empty-'));
  aFile = join(root, 'contacts.v3.json');
  await writeFile(join(withSpec, 'contacts.v3.json'), '{}');
  await writeFile(aFile, '{}');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('finding HubSpot’s specs', () => {
  it('takes the folder BATON_HUBSPOT_OPENAPI_DIR names when it holds a spec', () => {
    expect(findHubSpotSpecs({ BATON_HUBSPOT_OPENAPI_DIR: withSpec })).toBe(withSpec);
  });

  it.each([
    ['an empty folder', () => empty],
    ['a file', () => aFile],
    ['a missing folder', () => join(root, 'nowhere')],
  ])('finds none in %s', (_what, folder) => {
    expect(findHubSpotSpecs({ BATON_HUBSPOT_OPENAPI_DIR: folder() })).toBeNull();
  });
});

describe('the test run’s spec check', () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const lines: string[] = [];
    checkHubSpotSpecs(env, (line) => lines.push(line));
    return lines;
  };

  it('says nothing when the specs are there, required or not', () => {
    expect(run({ BATON_HUBSPOT_OPENAPI_DIR: withSpec })).toEqual([]);
    expect(run({ BATON_HUBSPOT_OPENAPI_DIR: withSpec, BATON_REQUIRE_CONTRACTS: '1' })).toEqual([]);
  });

  it('without them, says in one line that contract checks are skipped and which variable finds the specs', () => {
    const lines = run({ BATON_HUBSPOT_OPENAPI_DIR: empty });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Contract checks skipped: .*BATON_HUBSPOT_OPENAPI_DIR/);
    expect(lines[0]).toContain(empty);
    expect(lines[0]).not.toContain('\n');
  });

  it('fails the run without them under BATON_REQUIRE_CONTRACTS=1', () => {
    expect(() => run({ BATON_HUBSPOT_OPENAPI_DIR: empty, BATON_REQUIRE_CONTRACTS: '1' })).toThrow(
      /BATON_REQUIRE_CONTRACTS=1, but HubSpot's OpenAPI specs are not in .*; set BATON_HUBSPOT_OPENAPI_DIR/,
    );
  });
});
