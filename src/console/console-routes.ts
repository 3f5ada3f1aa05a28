import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../api/actor.ts';
import { assessmentsRouter } from '../api/assessments/assessment-routes.ts';
import { readRecordCard } from '../api/cards/record-card.ts';
import { leadListTable, loadLeadLists } from '../api/leads/lead-lists.ts';
import { createReportCache } from '../api/reports/report-cache.ts';
import { reportsRouter } from '../api/reports/report-routes.ts';
import { tableCsv } from '../api/reports/run-report.ts';
import { actorOf } from '../api/roles.ts';
import { requireRole } from '../api/settings/require-role.ts';
import { settingsRouter } from '../api/settings/settings-routes.ts';
import { ForbiddenError, InputInvalidError, UnauthenticatedError } from '../errors.ts';
import type { CrmConsoleDoor } from '../pipeline/crm-port.ts';
import { loadTenantConfig } from '../pipeline/tenant-config.ts';
import { listAudit, writeAudit } from '../store/audit-log.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db } from '../store/database.ts';
import { getTenant, type Tenant } from '../store/tenants.ts';
import type { ConsoleBackfills } from './console-backfill.ts';
import { clearConsoleCookie, consoleCookieOf, setConsoleCookie } from './console-cookie.ts';
import {
  csrfMatches,
  endConsoleSession,
  type LiveConsoleSession,
  redeemConsoleSignInLink,
  resolveConsoleSession,
} from './console-sessions.ts';
import { CONSOLE_SIGN_IN_PATH } from './console-sign-in.ts';

export const CONSOLE_API_PATH = '/api/console';
export const CONSOLE_CSRF_HEADER = 'x-baton-csrf';

export interface ConsoleDependencies {
  readonly db: Db;
  readonly backfills: ConsoleBackfills;
  readonly sessionKey: Buffer;
  readonly publicBaseUrl: string;
  readonly clock: () => Date;
  readonly doors: Readonly<Partial<Record<Crm, CrmConsoleDoor>>>;
}

interface ConsoleCaller {
  readonly session: LiveConsoleSession;
  readonly tenant: Tenant;
  readonly actor: Actor;
  readonly door: CrmConsoleDoor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const backfillBodySchema = z.strictObject({ restart: z.boolean().default(false) });
const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  subjectType: z.string().min(1).max(100).optional(),
});

/**
 * The console's front door: the same CRM-neutral handlers as the HubSpot settings page, behind a
 * session instead of HubSpot's signature. The session is the only source of tenant and user;
 * roles come from the tenant's role settings on every request; every state-changing request
 * carries the session's CSRF token and, when the browser names one, this server's origin.
 */
export function consoleRouter(deps: ConsoleDependencies): Router {
  const { db, sessionKey, clock } = deps;
  const origin = new URL(deps.publicBaseUrl).origin;
  const reports = createReportCache({ clock });
  const callers = new WeakMap<Request, ConsoleCaller>();
  const callerOf = (req: Request): ConsoleCaller => {
    const caller = callers.get(req);
    if (!caller) throw new UnauthenticatedError('sign in to use the console');
    return caller;
  };

  async function authenticate(req: Request, _res: Response, next: NextFunction) {
    const session = await resolveConsoleSession(db, sessionKey, consoleCookieOf(req), clock());
    if (!session) {
      throw new UnauthenticatedError('You are not signed in, or your session expired: sign in again.');
    }
    const tenant = await getTenant(db, session.row.tenantId);
    const door = tenant ? deps.doors[tenant.crm] : undefined;
    if (tenant?.status !== 'active' || !door) {
      throw new UnauthenticatedError(
        'Baton is no longer installed in this account: sign in again once it is.',
      );
    }
    if (!SAFE_METHODS.has(req.method)) {
      const from = req.get('origin');
      if (from !== undefined && from !== origin) {
        throw new ForbiddenError(`a request from ${from} may not change this console's data`);
      }
      if (!csrfMatches(session, req.get(CONSOLE_CSRF_HEADER))) {
        throw new ForbiddenError('the request carried no valid CSRF token: reload the console and try again');
      }
    }
    const roles = (tenant.settings as Record<string, unknown>).roles;
    const actor = actorOf(roles, { id: session.row.userId, teamIds: session.row.teamIds });
    callers.set(req, { session, tenant, actor, door });
    next();
  }

  const perCrm = new Map(
    Object.entries(deps.doors).map(([crm, door]) => {
      const caller = async (req: Request) => {
        const { tenant, actor } = callerOf(req);
        return { tenant, actor, body: req.body as unknown };
      };
      return [
        crm,
        {
          settings: settingsRouter({
            db,
            ...door,
            clock,
            callerOf: caller,
            changed: (tenantId) => reports.forget(tenantId),
          }),
          reports: reportsRouter({
            db,
            defaults: door.defaults,
            clock,
            tenantOf: async (req) => callerOf(req).tenant,
            cache: reports,
          }),
          assessments: assessmentsRouter({ db, clock, publicBaseUrl: deps.publicBaseUrl, callerOf: caller }),
        },
      ] as const;
    }),
  );
  const forTenant =
    (part: 'settings' | 'reports' | 'assessments') => (req: Request, res: Response, next: NextFunction) => {
      const routers = perCrm.get(callerOf(req).tenant.crm);
      if (!routers) throw new UnauthenticatedError('this account’s CRM is not connected');
      routers[part](req, res, next);
    };

  const router = express.Router();

  router.get(`${CONSOLE_SIGN_IN_PATH}/link/:code`, async (req, res) => {
    const cookie = await redeemConsoleSignInLink(db, sessionKey, String(req.params.code), clock());
    res.set('cache-control', 'no-store').set('referrer-policy', 'no-referrer');
    if (cookie === null) {
      const message =
        'This sign-in link was used already or has expired: ask for a new one, or sign in with your CRM.';
      return res.redirect(303, `/?signInError=${encodeURIComponent(message)}`);
    }
    setConsoleCookie(res, deps.publicBaseUrl, cookie);
    res.redirect(303, '/');
  });

  router.use(CONSOLE_API_PATH, (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  router.use(CONSOLE_API_PATH, express.json({ limit: '256kb' }), authenticate);

  router.get(`${CONSOLE_API_PATH}/session`, (req, res) => {
    const { session, tenant, actor } = callerOf(req);
    res.json({
      user: { id: session.row.userId, name: session.row.userName, email: session.row.userEmail },
      tenant: { id: tenant.id, name: tenant.name, crm: tenant.crm },
      roles: [...actor.roles].sort(),
      csrfToken: session.csrfToken,
      expiresAt: session.row.expiresAt.toISOString(),
    });
  });

  router.post(`${CONSOLE_API_PATH}/sign-out`, async (req, res) => {
    await endConsoleSession(db, sessionKey, consoleCookieOf(req));
    clearConsoleCookie(res, deps.publicBaseUrl);
    res.status(204).end();
  });

  router.use(`${CONSOLE_API_PATH}/settings`, forTenant('settings'));
  router.use(`${CONSOLE_API_PATH}/reports`, forTenant('reports'));
  router.use(`${CONSOLE_API_PATH}/assessments`, forTenant('assessments'));

  router.get(`${CONSOLE_API_PATH}/leads`, async (req, res) => {
    const { tenant, door } = callerOf(req);
    const lists = await loadLeadLists(
      db,
      {
        tenant,
        defaults: door.defaults,
        objectType: door.recordObjectType,
        nameOf: door.nameOf,
        cache: reports,
      },
      clock(),
    );
    if (req.query.format === undefined || req.query.format === 'json') return res.json(lists);
    if (req.query.format !== 'csv') {
      throw new InputInvalidError('format must be json or csv', [{ path: 'format', message: 'json or csv' }]);
    }
    const chosen = leadListTable(lists, req.query.list);
    res.type('text/csv; charset=utf-8').attachment(`baton-leads-${chosen.name}.csv`).send(tableCsv(chosen));
  });

  router.get(`${CONSOLE_API_PATH}/leads/:recordId/card`, async (req, res) => {
    const { tenant, door } = callerOf(req);
    const recordId = String(req.params.recordId);
    if (!RECORD_ID.test(recordId)) {
      throw new InputInvalidError('the record id must be a CRM record id', [
        { path: 'recordId', message: 'not a record id' },
      ]);
    }
    const config = await loadTenantConfig(db, tenant, door.defaults);
    res.json(
      await readRecordCard(db, { tenant, config, objectType: door.recordObjectType, recordId }, clock()),
    );
  });

  router.get(`${CONSOLE_API_PATH}/backfill`, async (req, res) => {
    res.json(await deps.backfills.status(callerOf(req).tenant));
  });

  router.post(`${CONSOLE_API_PATH}/backfill`, async (req, res) => {
    const { tenant, actor } = callerOf(req);
    requireRole(actor, ['admin'], 'start a backfill');
    const parsed = backfillBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputInvalidError('the backfill was not started', [
        { path: 'restart', message: 'must be true or false' },
      ]);
    }
    const started = await deps.backfills.start(tenant, parsed.data.restart);
    await writeAudit(db, {
      tenantId: tenant.id,
      actor: actor.id,
      action: 'backfill.started',
      subjectType: 'backfill',
      subjectKey: tenant.crm,
      before: null,
      after: { restart: parsed.data.restart },
      at: clock(),
    });
    res.status(202).json(started);
  });

  router.get(`${CONSOLE_API_PATH}/audit`, async (req, res) => {
    const { tenant } = callerOf(req);
    const parsed = auditQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputInvalidError(
        'the audit log query was not understood',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const { limit, subjectType } = parsed.data;
    const entries = await listAudit(db, tenant.id, {
      limit,
      ...(subjectType === undefined ? {} : { subjectType }),
    });
    res.json({
      entries: entries.map(({ tenantId: _, ...entry }) => ({ ...entry, at: entry.at.toISOString() })),
    });
  });

  return router;
}
