import { Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import { sendHubSpotError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';
import { type OwnerDirectory, ownerResource } from './owner-directory.ts';
import type { ContractMiddleware } from './request-contract.ts';

const ownersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.coerce.number().int().min(0).default(0),
  email: z.string().exactOptional(),
  archived: z.enum(['true', 'false']).default('false'),
});

const ownerQuerySchema = z.object({
  idProperty: z.enum(['id', 'userId']).default('id'),
  archived: z.enum(['true', 'false']).default('false'),
});

export function ownerRoutes(options: {
  readonly install: OAuthInstall;
  readonly owners: OwnerDirectory;
  readonly contract: ContractMiddleware;
  readonly baseUrl: () => string;
}): Router {
  const router = Router();
  router.get(
    '/crm/v3/owners',
    requireScope(options.install, ['crm.objects.owners.read']),
    options.contract,
    (request, response) => {
      const query = ownersQuerySchema.safeParse(request.query);
      if (!query.success) return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid owners query.');
      const { limit, after, email, archived } = query.data;
      const matching = options.owners
        .list()
        .filter((owner) => archived === 'false' && (email === undefined || owner.email === email));
      const page = matching.slice(after, after + limit);
      const next = after + limit < matching.length ? String(after + limit) : undefined;
      response.json({
        results: page.map(ownerResource),
        ...(next === undefined
          ? {}
          : { paging: { next: { after: next, link: `${options.baseUrl()}/crm/v3/owners?after=${next}` } } }),
      });
    },
  );
  // Baton finds a signed user's owner and teams here, by `idProperty=userId`.
  router.get(
    '/crm/v3/owners/:ownerId',
    requireScope(options.install, ['crm.objects.owners.read']),
    options.contract,
    (request, response) => {
      const query = ownerQuerySchema.safeParse(request.query);
      const ownerId = String(request.params.ownerId);
      if (!query.success || !/^\d+$/.test(ownerId)) {
        return sendHubSpotError(response, 400, 'VALIDATION_ERROR', 'Invalid owner request.');
      }
      const { idProperty, archived } = query.data;
      // The stand-in never archives an owner, so asking for archived ones finds none.
      const owner =
        archived === 'true'
          ? undefined
          : idProperty === 'userId'
            ? options.owners.byUserId(Number(ownerId))
            : options.owners.get(ownerId);
      if (!owner) {
        return sendHubSpotError(response, 404, 'OBJECT_NOT_FOUND', `No owner has ${idProperty} ${ownerId}.`);
      }
      response.json(ownerResource(owner));
    },
  );
  return router;
}
