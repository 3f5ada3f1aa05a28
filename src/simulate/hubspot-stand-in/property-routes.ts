import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { requireScope } from './bearer-auth.ts';
import { sendBatchAnswer, sendHubSpotError, standardError } from './hubspot-error-body.ts';
import type { OAuthInstall } from './oauth-install.ts';
import type { OwnerDirectory } from './owner-directory.ts';
import {
  type PropertyDefinition,
  type PropertyRegistry,
  propertyResource,
  type StandInObjectType,
} from './property-registry.ts';
import type { ContractMiddleware } from './request-contract.ts';

const OBJECT_TYPES: Readonly<Record<string, StandInObjectType>> = {
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  leads: 'leads',
  lead: 'leads',
  '0-136': 'leads',
};

/** Scopes that open the properties API per object type; the Lead object's come with Sales Hub Pro. */
const SCOPES: Readonly<Record<StandInObjectType, { read: readonly string[]; write: readonly string[] }>> = {
  contacts: {
    read: ['crm.schemas.contacts.read', 'crm.schemas.contacts.write', 'crm.objects.contacts.read'],
    write: ['crm.schemas.contacts.write'],
  },
  leads: {
    read: ['crm.objects.leads.read', 'crm.objects.leads.write'],
    write: ['crm.objects.leads.write'],
  },
};

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  description: z.string().exactOptional(),
  displayOrder: z.number().int().exactOptional(),
  hidden: z.boolean().exactOptional(),
});
const propertyType = z.enum(['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string']);
const presentational = {
  description: z.string().exactOptional(),
  options: z.array(optionSchema).exactOptional(),
  displayOrder: z.number().int().exactOptional(),
  hidden: z.boolean().exactOptional(),
  formField: z.boolean().exactOptional(),
};
const propertyCreateSchema = z.object({
  name: z.string().min(1),
  label: z.string(),
  groupName: z.string(),
  type: propertyType,
  fieldType: z.string(),
  hasUniqueValue: z.boolean().exactOptional(),
  ...presentational,
});
const propertyPatchSchema = z.object({
  label: z.string().exactOptional(),
  groupName: z.string().exactOptional(),
  type: propertyType.exactOptional(),
  fieldType: z.string().exactOptional(),
  ...presentational,
});
const groupCreateSchema = z.object({
  name: z.string().min(1),
  label: z.string(),
  displayOrder: z.number().int().default(-1),
});

export function propertyRoutes(options: {
  readonly install: OAuthInstall;
  readonly registry: PropertyRegistry;
  readonly owners: OwnerDirectory;
  readonly contract: ContractMiddleware;
  readonly clock: () => Date;
}): Router {
  const { registry, contract } = options;
  const router = Router();
  const objectTypeOf = (request: Request) => OBJECT_TYPES[String(request.params.objectType)];
  /** Behind the guard, whose `knownObjectType` answered 400 for anything else. */
  const objectTypeIn = (request: Request) => objectTypeOf(request) ?? 'contacts';
  const authorize = (mode: 'read' | 'write') => (request: Request, response: Response, next: NextFunction) =>
    requireScope(options.install, SCOPES[objectTypeIn(request)][mode])(request, response, next);
  const knownObjectType = (request: Request, response: Response, next: NextFunction) => {
    if (objectTypeOf(request)) return next();
    sendHubSpotError(
      response,
      400,
      'VALIDATION_ERROR',
      `Unable to infer object type from: ${request.params.objectType}`,
    );
  };
  const resource = (definition: PropertyDefinition) =>
    propertyResource(
      definition,
      options.owners
        .list()
        .map((owner) => ({ value: owner.id, label: `${owner.firstName} ${owner.lastName}` })),
    );
  const guard = (mode: 'read' | 'write') => [authorize(mode), knownObjectType, contract];
  const invalid = (response: Response, error: z.ZodError) =>
    sendHubSpotError(response, 400, 'VALIDATION_ERROR', `Invalid input: ${z.prettifyError(error)}`);
  const stamp = () => options.clock().toISOString();

  router.get('/crm/v3/properties/:objectType', ...guard('read'), (request, response) => {
    const objectType = objectTypeIn(request);
    const archived = request.query.archived === 'true';
    response.json({ results: archived ? [] : registry.properties(objectType).map(resource) });
  });

  router.post('/crm/v3/properties/:objectType', ...guard('write'), (request, response) => {
    const parsed = propertyCreateSchema.safeParse(request.body);
    if (!parsed.success) return invalid(response, parsed.error);
    const outcome = registry.createProperty(objectTypeIn(request), parsed.data);
    if (outcome.kind === 'created') return response.status(201).json(resource(outcome.definition));
    if (outcome.kind === 'exists')
      return sendHubSpotError(response, 409, 'OBJECT_ALREADY_EXISTS', outcome.message);
    sendHubSpotError(response, 400, 'VALIDATION_ERROR', outcome.message);
  });

  router.post('/crm/v3/properties/:objectType/batch/create', ...guard('write'), (request, response) => {
    const startedAt = stamp();
    const parsed = z.object({ inputs: z.array(propertyCreateSchema) }).safeParse(request.body);
    if (!parsed.success) return invalid(response, parsed.error);
    const objectType = objectTypeIn(request);
    const results: ReturnType<typeof resource>[] = [];
    const errors: ReturnType<typeof standardError>[] = [];
    for (const input of parsed.data.inputs) {
      const outcome = registry.createProperty(objectType, input);
      if (outcome.kind === 'created') results.push(resource(outcome.definition));
      else {
        const category = outcome.kind === 'exists' ? 'OBJECT_ALREADY_EXISTS' : 'VALIDATION_ERROR';
        errors.push(standardError(category, outcome.message, { name: [input.name] }));
      }
    }
    sendBatchAnswer(response, { results, errors, startedAt, completedAt: stamp(), successStatus: 201 });
  });

  router.post('/crm/v3/properties/:objectType/batch/read', ...guard('read'), (request, response) => {
    const startedAt = stamp();
    const parsed = z.object({ inputs: z.array(z.object({ name: z.string() })) }).safeParse(request.body);
    if (!parsed.success) return invalid(response, parsed.error);
    const objectType = objectTypeIn(request);
    const found = parsed.data.inputs.flatMap(({ name }) => registry.property(objectType, name) ?? []);
    response.json({ status: 'COMPLETE', results: found.map(resource), startedAt, completedAt: stamp() });
  });

  router.get('/crm/v3/properties/:objectType/groups', ...guard('read'), (request, response) => {
    const groups = registry.groups(objectTypeIn(request));
    response.json({ results: groups.map((group) => ({ ...group, archived: false })) });
  });

  router.post('/crm/v3/properties/:objectType/groups', ...guard('write'), (request, response) => {
    const parsed = groupCreateSchema.safeParse(request.body);
    if (!parsed.success) return invalid(response, parsed.error);
    const group = parsed.data;
    if (registry.createGroup(objectTypeIn(request), group) === 'exists') {
      return sendHubSpotError(
        response,
        409,
        'OBJECT_ALREADY_EXISTS',
        `A property group named '${group.name}' already exists.`,
      );
    }
    response.status(201).json({ ...group, archived: false });
  });

  router.patch('/crm/v3/properties/:objectType/:propertyName', ...guard('write'), (request, response) => {
    const parsed = propertyPatchSchema.safeParse(request.body);
    if (!parsed.success) return invalid(response, parsed.error);
    const name = String(request.params.propertyName);
    const updated = registry.updateProperty(objectTypeIn(request), name, parsed.data);
    if (!updated)
      return sendHubSpotError(response, 404, 'OBJECT_NOT_FOUND', `Property ${name} does not exist.`);
    response.json(resource(updated));
  });

  return router;
}
