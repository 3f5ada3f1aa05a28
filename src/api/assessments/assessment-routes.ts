import express, { type Request, type Router } from 'express';
import { INTERPRETATIONS } from '../../core/assessment/bands.ts';
import { INSTRUMENT_KEYS, INSTRUMENTS } from '../../core/assessment/instruments.ts';
import type { Db } from '../../store/database.ts';
import type { Tenant } from '../../store/tenants.ts';
import type { Actor } from '../actor.ts';
import {
  assessmentRoundView,
  closeAssessmentRound,
  listAssessmentRounds,
  openAssessmentRound,
} from './assessment-rounds.ts';

export interface AssessmentRouteDependencies {
  readonly db: Db;
  readonly clock: () => Date;
  /** Where respondent links point: Baton's public address. */
  readonly publicBaseUrl: string;
  /** Proves who calls for which tenant, or throws (401); the only source of tenant and actor. */
  readonly callerOf: (req: Request) => Promise<{ tenant: Tenant; actor: Actor; body: unknown }>;
}

/**
 * The assessments API, CRM-neutral and relative (a front door mounts it behind its own proof of
 * the caller): `GET /` the instruments, the rounds with their results and when the next is due;
 * `POST /` opens a round (admin) and answers its respondent links once; `GET /:id` one round with
 * the ledger's behaviour signals and the trend; `POST /:id/close` closes it (admin).
 */
export function assessmentsRouter(deps: AssessmentRouteDependencies): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { tenant } = await deps.callerOf(req);
    res.json({
      instruments: INSTRUMENT_KEYS.map((key) => ({
        key,
        name: INSTRUMENTS[key].name,
        functions: INSTRUMENTS[key].functions,
        interpretations: INTERPRETATIONS[key],
      })),
      ...(await listAssessmentRounds(deps.db, tenant, deps.clock())),
    });
  });
  router.post('/', async (req, res) => {
    const { tenant, actor, body } = await deps.callerOf(req);
    const opened = await openAssessmentRound(deps.db, tenant, actor, body, {
      now: deps.clock(),
      publicBaseUrl: deps.publicBaseUrl,
    });
    res.status(201).set('cache-control', 'no-store').json(opened);
  });
  router.get('/:roundId', async (req, res) => {
    const { tenant } = await deps.callerOf(req);
    res.json(await assessmentRoundView(deps.db, tenant, req.params.roundId ?? '', deps.clock()));
  });
  router.post('/:roundId/close', async (req, res) => {
    const { tenant, actor } = await deps.callerOf(req);
    res.json(await closeAssessmentRound(deps.db, tenant, actor, req.params.roundId ?? '', deps.clock()));
  });
  return router;
}
