import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { FunnelPresetKey } from '../../core/funnel/funnel-model.ts';
import { FUNNEL_PRESETS } from '../../core/funnel/presets.ts';
import type { QualificationDefinition } from '../../core/qualification/definition.ts';
import { InputInvalidError, NotFoundError } from '../../errors.ts';
import { loadTenantConfig, type TenantDefaults } from '../../pipeline/tenant-config.ts';
import type { Db } from '../../store/database.ts';
import type { Tenant } from '../../store/tenants.ts';
import type { Actor } from '../actor.ts';
import { answerFieldNote, openFieldNotes } from '../cards/field-intelligence.ts';
import {
  diffDefinitionVersions,
  dryRunDefinition,
  listDefinitionVersions,
  unwatchedProperties,
} from '../definitions/definition-views.ts';
import {
  activateDefinitionVersion,
  approveDefinitionVersion,
  createDefinition,
  editDefinition,
  proposeDefinitionVersion,
  retireDefinitionVersion,
  reviseDefinitionVersion,
  type VersionRef,
} from '../definitions/definition-workflow.ts';
import { getFunnelSettings, presetOnCrmFields, saveFunnelSettings } from './funnel-model-settings.ts';
import { SETTINGS_SECTIONS, saveTenantSettings } from './tenant-settings.ts';

/** A settings caller as a front door proved them: HubSpot's signed `hubspot.fetch`, a console session. */
export interface SettingsCaller {
  readonly tenant: Tenant;
  readonly actor: Actor;
  /** The parsed JSON body, undefined when there was none. */
  readonly body: unknown;
}

export interface SettingsRouteDependencies {
  readonly db: Db;
  readonly defaults: TenantDefaults;
  /** The object type a dry run reads (`contacts` in HubSpot). */
  readonly recordObjectType: string;
  /** Properties the CRM tells Baton about when they change; null when every change is seen. */
  readonly watchedProperties: ReadonlySet<string> | null;
  readonly clock: () => Date;
  /** Proves who calls for which tenant, or throws (401); the only source of tenant and actor. */
  readonly callerOf: (req: Request) => Promise<SettingsCaller>;
  /** Told of every change that succeeded, so what was computed from the old settings is dropped. */
  readonly changed?: (tenantId: string) => void;
}

const approveSchema = z.strictObject({ side: z.enum(['marketing', 'sales']) });
const dryRunSchema = z.strictObject({ recordId: z.string().min(1) });

/**
 * The settings API, CRM-neutral: the funnel model and ownership, SLAs and business hours (both in
 * the model), mappings, reason codes, roles, and the qualification definition workflow. Every
 * route is relative: a front door mounts it under its own path (`/api/hubspot/settings`) behind
 * its own proof of the caller. Reading is open to every user of the tenant; each change is
 * checked against the caller's roles by the handler.
 */
export function settingsRouter(deps: SettingsRouteDependencies): Router {
  const { db, defaults, clock } = deps;
  const callerOf = async (req: Request): Promise<SettingsCaller> => {
    const caller = await deps.callerOf(req);
    const { changed } = deps;
    if (changed && req.method !== 'GET' && req.res) {
      const res = req.res;
      res.once('finish', () => {
        if (res.statusCode < 400) changed(caller.tenant.id);
      });
    }
    return caller;
  };
  const router = express.Router();
  const withWarnings = (definition: QualificationDefinition) => ({
    ...definition,
    unwatchedProperties: unwatchedProperties(definition, deps.watchedProperties),
  });

  router.get('/', async (req, res) => {
    const { tenant, actor } = await callerOf(req);
    const [funnel, config, definitions] = await Promise.all([
      getFunnelSettings(db, tenant.id, defaults),
      loadTenantConfig(db, tenant, defaults),
      listDefinitionVersions(db, tenant.id),
    ]);
    const own = tenant.settings as Record<string, unknown>;
    res.json({
      caller: { id: actor.id, roles: [...actor.roles].sort() },
      funnel,
      settings: {
        reasonCodes: config.reasonCodes,
        journeyMapping: config.mapping,
        channels: config.channels,
        sourceMapping: config.sourceMapping,
        scopeProperties: config.scopeProperties,
        slaRouting: config.slaRouting,
        roles: own.roles ?? {},
      },
      ownSections: SETTINGS_SECTIONS.filter((s) => own[s] !== undefined),
      definitions: definitions.map(withWarnings),
    });
  });

  router.get('/funnel-model/presets/:preset', async (req, res) => {
    const { tenant } = await callerOf(req);
    const preset = FUNNEL_PRESETS.find((p) => p.key === req.params.preset);
    if (!preset) throw new NotFoundError(`there is no preset "${req.params.preset}"`);
    const current = await getFunnelSettings(db, tenant.id, defaults);
    res.json({ model: presetOnCrmFields(preset.key as FunnelPresetKey, defaults, current.model) });
  });

  router.put('/funnel-model', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    res.json(await saveFunnelSettings(db, tenant.id, actor, body, clock()));
  });

  router.patch('/tenant-settings', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    res.json({ settings: await saveTenantSettings(db, tenant.id, actor, body ?? {}, clock()) });
  });

  router.get('/definitions', async (req, res) => {
    const { tenant } = await callerOf(req);
    res.json({ definitions: (await listDefinitionVersions(db, tenant.id)).map(withWarnings) });
  });

  router.post('/definitions', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    const made = await createDefinition(db, tenant.id, actor, body ?? {}, clock());
    res.status(201).json({ ...made, definition: withWarnings(made.definition) });
  });

  router.get('/definitions/:key/diff', async (req, res) => {
    const { tenant } = await callerOf(req);
    const from = versionNumber(req.query.from, 'from');
    const to = versionNumber(req.query.to, 'to');
    res.json({ changes: await diffDefinitionVersions(db, tenant.id, String(req.params.key), from, to) });
  });

  router.patch('/definitions/:key/versions/:version', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    const made = await editDefinition(db, tenant.id, actor, refOf(req), body ?? {}, clock());
    res.json({ ...made, definition: withWarnings(made.definition) });
  });

  router.post('/definitions/:key/versions/:version/dry-run', async (req, res) => {
    const { tenant, body } = await callerOf(req);
    const { recordId } = parseBody(dryRunSchema, body);
    const record = { objectType: deps.recordObjectType, recordId };
    res.json(await dryRunDefinition(db, tenant.id, refOf(req), record, clock(), deps.watchedProperties));
  });

  router.post('/definitions/:key/versions/:version/:step', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    const ref = refOf(req);
    const now = clock();
    const step = req.params.step;
    const made =
      step === 'revise'
        ? await reviseDefinitionVersion(db, tenant.id, actor, ref, body ?? {}, now)
        : step === 'propose'
          ? await proposeDefinitionVersion(db, tenant.id, actor, ref, now)
          : step === 'approve'
            ? await approveDefinitionVersion(
                db,
                tenant.id,
                actor,
                ref,
                parseBody(approveSchema, body).side,
                now,
              )
            : step === 'activate'
              ? await activateDefinitionVersion(db, tenant.id, actor, ref, now)
              : step === 'retire'
                ? await retireDefinitionVersion(db, tenant.id, actor, ref, now)
                : null;
    if (!made) throw new NotFoundError(`a definition has no step "${step}"`);
    res.status(step === 'revise' ? 201 : 200).json({ ...made, definition: withWarnings(made.definition) });
  });

  router.get('/field-notes', async (req, res) => {
    const { tenant, actor } = await callerOf(req);
    res.json({ notes: await openFieldNotes(db, tenant, actor) });
  });

  router.post('/field-notes/:noteId/answer', async (req, res) => {
    const { tenant, actor, body } = await callerOf(req);
    res.json({ note: await answerFieldNote(db, tenant, actor, String(req.params.noteId), body, clock()) });
  });

  return router;
}

function refOf(req: Request): VersionRef {
  return { key: String(req.params.key), version: versionNumber(req.params.version, 'version') };
}

function versionNumber(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) {
    throw new InputInvalidError(`${field} must be a version number`, [
      { path: field, message: 'must be a whole number from 1' },
    ]);
  }
  return Number(value);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InputInvalidError(
      'the request was not carried out',
      parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => ({ path: key, message: 'is not a field of this request' }))
          : [{ path: i.path.join('.'), message: i.message }],
      ),
    );
  }
  return parsed.data;
}
