import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Names the folder of HubSpot's OpenAPI specs when it is not the team's shared vendor folder. */
export const SPEC_FOLDER_VARIABLE = 'BATON_HUBSPOT_OPENAPI_DIR';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Where HubSpot's specs are looked for: `BATON_HUBSPOT_OPENAPI_DIR`, else
 * `../shared/vendor/hubspot-openapi` beside the repository. The specs are HubSpot's files, never
 * committed here, so a plain clone has neither.
 */
export function hubSpotSpecDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env[SPEC_FOLDER_VARIABLE] || resolve(REPO_ROOT, '..', 'shared', 'vendor', 'hubspot-openapi');
}

/** That folder when it holds at least one spec (`*.json`); null when there is nothing to check against. */
export function findHubSpotSpecs(env: NodeJS.ProcessEnv = process.env): string | null {
  const directory = hubSpotSpecDirectory(env);
  const hasSpecs =
    existsSync(directory) &&
    statSync(directory).isDirectory() &&
    readdirSync(directory).some((file) => file.endsWith('.json'));
  return hasSpecs ? directory : null;
}

/** The one line said when the specs are absent, naming the variable that points at them. */
export function missingSpecsNotice(env: NodeJS.ProcessEnv = process.env): string {
  return (
    `HubSpot's OpenAPI specs are not in ${hubSpotSpecDirectory(env)}; set ${SPEC_FOLDER_VARIABLE} ` +
    'to the folder holding them (or keep ../shared/vendor/hubspot-openapi beside the repository)'
  );
}
