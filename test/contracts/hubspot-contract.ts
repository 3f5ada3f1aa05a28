import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import {
  findHubSpotSpecs,
  hubSpotSpecDirectory,
  SPEC_FOLDER_VARIABLE,
} from '../../src/simulate/hubspot-stand-in/hubspot-spec-folder.ts';

/** A request Baton sends to HubSpot, as nock or a stand-in saw it. */
export interface HubSpotRequest {
  readonly method: string;
  /** Path, optionally with its query string: `/crm/v3/objects/contacts/batch/read?archived=false`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Parsed JSON, an object of form fields, or the raw text (parsed by its content type). */
  readonly body?: unknown;
}

export interface HubSpotContract {
  /** What is wrong with the request against HubSpot's published specs; empty when it conforms. */
  problems(request: HubSpotRequest): string[];
  /** Throws, listing the problems, unless the request conforms. */
  assertConforms(request: HubSpotRequest): void;
}

/** HubSpot's specs, or null in a checkout without them (see `hubspot-specs-setup.ts`). */
export const hubSpotSpecs: string | null = findHubSpotSpecs();

/** Contract checks run only where the specs are; `BATON_REQUIRE_CONTRACTS=1` makes their absence fail the run. */
export const withoutSpecs = hubSpotSpecs === null;

const loaded = new Map<string, Promise<HubSpotContract>>();

/**
 * Loads every HubSpot OpenAPI spec in the directory once per test process. A request conforms
 * when one operation matching its method and path accepts its parameters and body (the v3 and
 * the date-versioned specs, and contacts and leads, share some path templates).
 */
export function loadHubSpotContract(directory = hubSpotSpecDirectory()): Promise<HubSpotContract> {
  let contract = loaded.get(directory);
  if (!contract) {
    contract = buildContract(directory);
    loaded.set(directory, contract);
  }
  return contract;
}

/**
 * For tests whose subject is something else and which also check what they sent: the contract, or
 * null without the specs (start-up then says the checks are off).
 */
export function loadHubSpotContractIfPresent(): Promise<HubSpotContract | null> {
  return hubSpotSpecs === null ? Promise.resolve(null) : loadHubSpotContract(hubSpotSpecs);
}

async function buildContract(directory: string): Promise<HubSpotContract> {
  const files = existsSync(directory) ? readdirSync(directory).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) {
    throw new Error(
      `No HubSpot OpenAPI specs (*.json) in ${directory}. Contract tests need HubSpot's published specs: ` +
        `keep the shared vendor folder next to the repository (../shared/vendor/hubspot-openapi) or set ` +
        `${SPEC_FOLDER_VARIABLE} to a folder holding them.`,
    );
  }
  const specs = await Promise.all(
    files.map(async (file) => {
      const api = new OpenAPIBackend({
        definition: JSON.parse(readFileSync(join(directory, file), 'utf8')),
        quick: true,
        validate: true,
      });
      await api.init();
      return { file, api };
    }),
  );

  const problems = (request: HubSpotRequest): string[] => {
    const [path = '', query = ''] = request.path.split('?', 2);
    if (WITHOUT_PUBLISHED_SPEC.some((pattern) => pattern.test(path))) return [];
    const headers = lowerCaseKeys(request.headers ?? {});
    const candidate = {
      method: request.method.toLowerCase(),
      path,
      query,
      headers,
      body: bodyOf(request, headers),
    };
    const matching = specs.flatMap(({ file, api }) => {
      const operation = api.matchOperation(candidate);
      return operation ? [{ file, api, operation }] : [];
    });
    if (matching.length === 0) {
      return [`${request.method.toUpperCase()} ${path} is not an operation in any spec in ${directory}`];
    }
    const rejections: string[] = [];
    for (const { file, api, operation } of matching) {
      const result = api.validateRequest(candidate, operation);
      if (result.valid) return [];
      for (const error of result.errors ?? []) {
        rejections.push(
          `${file} ${operation.operationId ?? ''}: ${error.instancePath || '(request)'} ${error.message}`,
        );
      }
    }
    return rejections;
  };

  return {
    problems,
    assertConforms: (request) => {
      const found = problems(request);
      if (found.length > 0) {
        throw new Error(
          `${request.method.toUpperCase()} ${request.path} does not conform to HubSpot's spec:\n  ${found.join('\n  ')}`,
        );
      }
    },
  };
}

/**
 * Endpoints HubSpot's spec collection (the snapshot in ../shared/vendor) has no spec for: the
 * tasks API of the SLA breach actions. Their tests assert the documented request shape instead.
 */
const WITHOUT_PUBLISHED_SPEC = [/^\/crm\/v3\/objects\/tasks\//];

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function bodyOf(request: HubSpotRequest, headers: Record<string, string>): unknown {
  if (typeof request.body !== 'string') return request.body;
  if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(request.body));
  }
  try {
    return JSON.parse(request.body);
  } catch {
    return request.body;
  }
}
