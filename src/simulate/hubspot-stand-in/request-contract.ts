import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIBackend } from 'openapi-backend';
import { sendHubSpotError } from './hubspot-error-body.ts';

/** The published specs of the endpoints the stand-in serves. */
const SPEC_FILES = ['contacts.v3.json', 'properties.v3.json', 'owners.v3.json', 'oauth.2026-03.json'];

export type ContractMiddleware = (request: Request, response: Response, next: NextFunction) => void;

/**
 * Refuses requests HubSpot's published OpenAPI specs reject, with HubSpot's 400 VALIDATION_ERROR.
 * Paths the specs do not describe (the authorize page, the uninstall endpoint) pass unchecked.
 * openapi-backend is loaded only here, so running without contract checks needs none of it.
 */
export async function loadContractMiddleware(directory: string): Promise<ContractMiddleware> {
  const missing = SPEC_FILES.filter((file) => !existsSync(join(directory, file)));
  if (missing.length > 0) {
    throw new Error(
      `The HubSpot stand-in validates requests against HubSpot's OpenAPI specs, but ${missing.join(', ')} ` +
        `is not in ${directory}. Point openApiDirectory at the folder holding them, or pass ` +
        'openApiDirectory: null to run without contract checks.',
    );
  }
  const { OpenAPIBackend: Backend } = await import('openapi-backend');
  const specs: OpenAPIBackend[] = await Promise.all(
    SPEC_FILES.map(async (file) => {
      const api = new Backend({
        definition: JSON.parse(readFileSync(join(directory, file), 'utf8')),
        quick: true,
      });
      await api.init();
      return api;
    }),
  );

  return (request, response, next) => {
    const candidate = {
      method: request.method.toLowerCase(),
      path: request.path,
      query: request.query as Record<string, string | string[]>,
      headers: request.headers as Record<string, string | string[]>,
      body: request.body,
    };
    for (const api of specs) {
      const operation = api.matchOperation(candidate);
      if (!operation) continue;
      const result = api.validateRequest(candidate, operation);
      if (result.valid) return next();
      const errors = (result.errors ?? []).map((error) => ({
        message: `${error.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'request'} ${error.message ?? 'is invalid'}`,
        code: error.keyword.toUpperCase(),
        in: error.instancePath.startsWith('/query') ? 'query' : 'body',
      }));
      const summary = errors.map((error) => error.message).join('; ');
      return sendHubSpotError(response, 400, 'VALIDATION_ERROR', `Invalid input: ${summary}`, { errors });
    }
    next();
  };
}
