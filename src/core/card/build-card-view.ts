import type { AttributionModel } from '../attribution/attribution-result.ts';
import type { Channel } from '../attribution/channels.ts';
import type { Touch } from '../attribution/touch.ts';
import type { FunnelModel, FunnelStage } from '../funnel/funnel-model.ts';
import { HANDOFF_EVENT_LABELS } from '../journey/event-labels.ts';
import type { JourneyState } from '../journey/journey-state.ts';
import type { LedgerEntry } from '../journey/ledger-entry.ts';
import { handoffActionAvailability } from '../journey/plan-handoff-action.ts';
import type { ReasonCode } from '../journey/reason-codes.ts';
import type { QualificationResult } from '../qualification/qualification-result.ts';
import { formatDuration } from '../sla/format-duration.ts';
import { evaluateSlaClock } from '../sla/sla-clock.ts';
import { type Instant, MINUTE_MS } from '../time.ts';
import { buildAttribution, buildSource, DEFAULT_CARD_MODELS } from './card-source.ts';
import type {
  CardCriterion,
  CardFunction,
  CardQualification,
  CardSla,
  CardVerdict,
  CardView,
  LadderStep,
  TimelineItem,
} from './card-view.ts';

export interface CardInput {
  readonly model: FunnelModel;
  readonly state: JourneyState;
  readonly ledger: readonly LedgerEntry[];
  readonly touches: readonly Touch[];
  readonly qualification: {
    readonly result: QualificationResult;
    readonly definitionName: string | null;
    readonly evaluatedAt: Instant;
  } | null;
  /** Verdicts frozen with the record's qualification and hand-off events, oldest first. */
  readonly frozen?: readonly FrozenQualification[];
  readonly reasonCodes: readonly ReasonCode[];
  readonly channels: readonly Channel[];
  /** Names of CRM owners by id, when the adapter knows them. */
  readonly people?: Readonly<Record<string, string>>;
  /** The simple model and the fair model, side by side, unless the tenant picks others. */
  readonly attributionModels?: readonly AttributionModel[];
  readonly now: Instant;
}

export function buildCardView(input: CardInput): CardView {
  const { model, state, now } = input;
  const current = state.stage === null ? undefined : model.stages.find((s) => s.key === state.stage);
  const functionLabel = (key: string) => model.functions.find((f) => f.key === key)?.label ?? key;
  const owners = (stage: FunnelStage): CardFunction[] =>
    [...stage.owners]
      .sort((a, b) => b.weight - a.weight)
      .map((o) => ({ key: o.function, label: functionLabel(o.function), weight: o.weight }));
  const coOwners = current ? owners(current) : [];
  const ownerFunction = state.ownerFunction;
  const reasonLabel = (key: string | undefined) =>
    input.reasonCodes.find((c) => c.key === key)?.label ?? null;
  const waitingMinutes =
    state.stageEnteredAt === null ? 0 : Math.max(0, now - state.stageEnteredAt) / MINUTE_MS;

  return {
    recordId: state.recordId,
    generatedAt: now,
    model: { key: model.key, name: model.name },
    stage:
      current && state.stageEnteredAt !== null
        ? {
            key: current.key,
            label: current.label,
            enteredAt: state.stageEnteredAt,
            waitingMinutes,
            waitingLabel: formatDuration(waitingMinutes),
          }
        : null,
    owner: {
      function:
        ownerFunction === null
          ? null
          : (coOwners.find((o) => o.key === ownerFunction) ?? {
              key: ownerFunction,
              label: functionLabel(ownerFunction),
              weight: 1,
            }),
      coOwners,
      person:
        state.ownerPerson === null
          ? null
          : { id: state.ownerPerson, name: input.people?.[state.ownerPerson] ?? null },
    },
    ladder: buildLadder(model, state, now, owners),
    sla: current ? buildSla(model, current, state, input.ledger, now) : null,
    qualification: buildQualification(input.qualification, input.frozen ?? [], state),
    source: buildSource(input.touches, input.ledger, input.channels),
    attribution: buildAttribution(
      input.touches,
      input.ledger,
      input.channels,
      input.attributionModels ?? DEFAULT_CARD_MODELS,
      now,
    ),
    timeline: buildTimeline(input.ledger, reasonLabel),
    actions: {
      ...handoffActionAvailability(state),
      rejectReasons: input.reasonCodes
        .filter((c) => c.appliesTo.includes('rejected'))
        .map((c) => ({ key: c.key, label: c.label })),
    },
  };
}

/**
 * Every hand-off move, newest first; of moves at the same instant, the one recorded last comes
 * first. Each carries how long the lead waited since the move before it.
 */
function buildTimeline(
  ledger: readonly LedgerEntry[],
  reasonLabel: (key: string | undefined) => string | null,
): TimelineItem[] {
  const moves = ledger
    .filter((e) => e.kind === 'handoff_event' && e.event !== undefined)
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.occurredAt - b.e.occurredAt || a.index - b.index);
  return moves
    .map(({ e }, i): TimelineItem => {
      const before = moves[i - 1];
      return {
        at: e.occurredAt,
        event: e.event ?? 'created',
        label: HANDOFF_EVENT_LABELS[e.event ?? 'created'],
        stage: e.stage ?? null,
        ownerFunction: e.ownerFunction ?? null,
        ownerPerson: e.ownerPerson ?? null,
        actor: e.actor ?? null,
        reasonCode: e.reasonCode ?? null,
        reasonLabel: reasonLabel(e.reasonCode),
        feedback: e.feedback ?? null,
        definitionVersion: e.definitionVersion ?? null,
        waitedLabel: before ? formatDuration((e.occurredAt - before.e.occurredAt) / MINUTE_MS) : null,
      };
    })
    .toReversed();
}

function buildLadder(
  model: FunnelModel,
  state: JourneyState,
  now: Instant,
  owners: (stage: FunnelStage) => CardFunction[],
): LadderStep[] {
  const currentIndex = model.stages.findIndex((s) => s.key === state.stage);
  return model.stages.map((stage, index) => {
    const visits = state.visits.filter((v) => v.stage === stage.key);
    const minutes = visits.reduce(
      (sum, v) => sum + Math.max(0, (v.exitedAt ?? now) - v.enteredAt) / MINUTE_MS,
      0,
    );
    const status: LadderStep['status'] =
      index === currentIndex
        ? 'current'
        : visits.length > 0
          ? 'done'
          : currentIndex >= 0 && index < currentIndex
            ? 'skipped'
            : 'upcoming';
    return {
      key: stage.key,
      label: stage.label,
      owners: owners(stage),
      status,
      isHandoff: stage.isHandoff === true,
      firstEnteredAt: visits[0]?.enteredAt ?? null,
      timeInStageMinutes: visits.length > 0 ? minutes : null,
      timeInStageLabel: visits.length > 0 ? formatDuration(minutes) : null,
      marketingSupplies: stage.marketingSupplies ?? [],
    };
  });
}

function buildSla(
  model: FunnelModel,
  stage: FunnelStage,
  state: JourneyState,
  ledger: readonly LedgerEntry[],
  now: Instant,
): CardSla | null {
  if (!stage.sla || state.stageEnteredAt === null) return null;
  const startedAt = state.stageEnteredAt;
  const stopsOn = stage.sla.stopsOn ?? [];
  const stoppedAt =
    ledger
      .filter((e) => e.kind === 'handoff_event' && e.event !== undefined && stopsOn.includes(e.event))
      .map((e) => e.occurredAt)
      .filter((at) => at >= startedAt)
      .sort((a, b) => a - b)[0] ?? null;
  const reading = evaluateSlaClock({ sla: stage.sla, calendar: model.calendar, startedAt, stoppedAt, now });
  const unit = stage.sla.clock === 'business' ? 'hour' : 'day';
  const suffix = stage.sla.clock === 'business' ? ' (business hours)' : '';
  return {
    stage: stage.key,
    state: reading.state,
    clock: reading.clock,
    startedAt,
    dueAt: reading.dueAt,
    atRiskAt: reading.atRiskAt,
    targetLabel: `${formatDuration(reading.targetMinutes, unit)}${suffix}`,
    remainingLabel: `${formatDuration(reading.remainingMinutes, unit)} left`,
    reason: reading.reason,
  };
}

/** A verdict frozen with a qualification or hand-off event. */
export interface FrozenQualification {
  readonly occasion: 'qualified' | 'handed_off';
  readonly occurredAt: Instant;
  readonly result: QualificationResult;
  readonly definitionName: string | null;
}

/**
 * The verdict the lead carries is the one frozen in its current journey cycle (the hand-off's,
 * else the qualification's); today's evaluation is shown beside it only when it says otherwise.
 */
function buildQualification(
  today: CardInput['qualification'],
  frozen: readonly FrozenQualification[],
  state: JourneyState,
): CardQualification {
  const todayVerdict = today ? toCardVerdict(today) : null;
  const cycleStart = state.cycleEvents.qualified ?? state.cycleEvents.handed_off;
  const ofCycle = cycleStart === undefined ? [] : frozen.filter((f) => f.occurredAt >= cycleStart);
  const judged =
    ofCycle.findLast((f) => f.occasion === 'handed_off') ??
    ofCycle.findLast((f) => f.occasion === 'qualified');
  if (judged) {
    const judgedBy = {
      ...toCardVerdict({
        result: judged.result,
        definitionName: judged.definitionName,
        evaluatedAt: judged.occurredAt,
      }),
      frozenAt: judged.occasion,
    };
    const name = `${judgedBy.definitionName ?? judgedBy.definitionKey} v${judgedBy.definitionVersion}`;
    const verb = judged.occasion === 'handed_off' ? 'handed off' : 'qualified';
    return {
      basis: 'definition',
      summary:
        judgedBy.verdict === 'qualified'
          ? `Qualified under ${name} when it was ${verb}.`
          : `The CRM moved it on; ${name} judged it ${judgedBy.verdict.replace('_', ' ')} when it was ${verb}.`,
      judgedBy,
      today: todayVerdict && differs(judgedBy, todayVerdict) ? todayVerdict : null,
    };
  }
  if (state.cycleEvents.qualified !== undefined) {
    return {
      basis: 'crm',
      summary: 'Qualified by the CRM: no Baton definition was active when it was qualified.',
      judgedBy: null,
      today: todayVerdict,
    };
  }
  return {
    basis: 'none',
    summary: todayVerdict ? `Not qualified yet. Today: ${todayVerdict.explanation}` : 'Not qualified yet.',
    judgedBy: null,
    today: todayVerdict,
  };
}

/** Whether a re-evaluation says something the frozen verdict does not. */
function differs(judged: CardVerdict, today: CardVerdict): boolean {
  if (judged.verdict !== today.verdict) return true;
  if (judged.definitionKey !== today.definitionKey || judged.definitionVersion !== today.definitionVersion)
    return true;
  const met = (v: CardVerdict) => [...v.met.map((c) => c.label)].sort().join('\n');
  return met(judged) !== met(today);
}

function toCardVerdict(input: NonNullable<CardInput['qualification']>): CardVerdict {
  const { result } = input;
  const toCard = (c: QualificationResult['criteria'][number]): CardCriterion => ({
    label: c.label,
    property: c.property,
    met: c.met,
    observed: c.observed,
  });
  return {
    verdict: result.verdict,
    definitionKey: result.definitionKey,
    definitionName: input.definitionName,
    definitionVersion: result.definitionVersion,
    fitScore: result.fitScore,
    fitThreshold: result.fitThreshold,
    engagementScore: result.engagementScore,
    engagementThreshold: result.engagementThreshold,
    explanation: result.explanation,
    met: result.criteria.filter((c) => c.met).map(toCard),
    missed: result.criteria.filter((c) => !c.met).map(toCard),
    disqualifiedBy: result.disqualifiedBy.map(toCard),
    evaluatedAt: input.evaluatedAt,
  };
}
