import {
  criteriaRows,
  definitionLine,
  formatDuration,
  formatInstant,
  minutesBetween,
  ORIGIN_LABELS,
  ownerKind,
  ownersLine,
  readSla,
  STEP_STATUS_LABELS,
  scoreLine,
  touchLine,
  VERDICT_LABELS,
} from './format';

const HOLDER_KIND_LABELS = { user: 'User', queue: 'Queue' };

/**
 * Who holds the lead now. The record's own owner is read live with the card; the card's person
 * is who Baton last saw, whose name serves only while they still hold it and the owner's name
 * cannot be read.
 */
function holderOf(card, owner) {
  const person = card.owner.person ?? null;
  const id = owner.ownerId ?? person?.id ?? null;
  if (id === null) return { name: 'Nobody', kindLabel: null };
  const known = person && person.id.slice(0, 15) === id.slice(0, 15) ? person.name : null;
  const name = owner.ownerName ?? known ?? `Owner ${id}`;
  return { name, kindLabel: HOLDER_KIND_LABELS[ownerKind(id)] ?? null };
}

function ladderOf(card, now) {
  return card.ladder.map((step) => {
    const current = step.status === 'current';
    const time =
      current && card.stage
        ? `${formatDuration(minutesBetween(card.stage.enteredAt, now))} so far`
        : step.timeInStageLabel;
    const details = [ownersLine(step.owners), step.isHandoff ? 'hand-off' : null, time].filter(Boolean);
    return {
      key: step.key,
      label: step.label,
      status: step.status,
      statusLabel: STEP_STATUS_LABELS[step.status] ?? step.status,
      detail: details.join(' · '),
    };
  });
}

function slaOf(sla, now, timeZone, locale) {
  if (!sla) return null;
  const reading = readSla(sla, now);
  const due = formatInstant(sla.dueAt, timeZone, locale);
  return {
    ...reading,
    line: reading.running ? `${reading.remaining} (${due})` : sla.reason,
    target: `Target ${sla.targetLabel}`,
  };
}

function verdictOf(verdict, timeZone, locale) {
  return {
    definition: definitionLine(verdict),
    verdictLabel: VERDICT_LABELS[verdict.verdict] ?? verdict.verdict,
    isQualified: verdict.verdict === 'qualified',
    moment: verdict.frozenAt === 'handed_off' ? 'At hand-off' : 'At qualification',
    evaluatedAt: formatInstant(verdict.evaluatedAt, timeZone, locale),
    scores: scoreLine(verdict),
    criteria: criteriaRows(verdict),
  };
}

function qualificationOf(qualification, timeZone, locale) {
  const { judgedBy, today } = qualification;
  return {
    summary: qualification.summary,
    judgedBy: judgedBy ? verdictOf(judgedBy, timeZone, locale) : null,
    today: today
      ? {
          title: `Today: ${VERDICT_LABELS[today.verdict] ?? today.verdict} by ${definitionLine(today)}`,
          explanation: today.explanation,
        }
      : null,
  };
}

function timelineOf(card, timeZone, locale) {
  const stageLabel = (key) => card.ladder.find((s) => s.key === key)?.label ?? key;
  return card.timeline.map((item, i) => {
    const notes = [
      item.stage ? stageLabel(item.stage) : null,
      item.reasonLabel ?? item.reasonCode,
      item.definitionVersion === null || item.definitionVersion === undefined
        ? null
        : `definition v${item.definitionVersion}`,
      item.waitedLabel ? `after ${item.waitedLabel}` : null,
    ].filter(Boolean);
    return {
      key: `${item.at}:${i}`,
      at: formatInstant(item.at, timeZone, locale),
      label: item.label,
      notes: notes.join(' · '),
      feedback: item.feedback ? `“${item.feedback}”` : null,
    };
  });
}

/** Everything the card shows, as text ready for the template, for the moment `now`. */
export function buildCardView(card, { now, timeZone, locale, ownerId = null, ownerName = null }) {
  const { stage, source, actions } = card;
  const current = card.ladder.find((s) => s.status === 'current');
  return {
    modelName: card.model?.name ?? '',
    stageLabel: stage ? stage.label : 'Not in the funnel yet',
    ownedBy: card.owner.function
      ? ownersLine(card.owner.coOwners.length > 0 ? card.owner.coOwners : [card.owner.function])
      : 'No function',
    holder: holderOf(card, { ownerId, ownerName }),
    waiting: stage ? formatDuration(minutesBetween(stage.enteredAt, now)) : '–',
    sla: slaOf(card.sla, now, timeZone, locale),
    qualification: qualificationOf(card.qualification, timeZone, locale),
    currentStep: current ? current.key : undefined,
    ladder: ladderOf(card, now),
    origin: `${ORIGIN_LABELS[source.origin] ?? source.origin}: ${source.originReason}`,
    touches: [
      { key: 'first', label: 'First touch', text: touchLine(source.firstTouch, timeZone, locale) },
      {
        key: 'creation',
        label: 'Lead-creation touch',
        text: touchLine(source.leadCreationTouch, timeZone, locale),
      },
      { key: 'latest', label: 'Latest touch', text: touchLine(source.latestTouch, timeZone, locale) },
    ],
    timeline: timelineOf(card, timeZone, locale),
    timelineTrimmed:
      typeof card.timelineTrimmed === 'number' && card.timelineTrimmed > 0
        ? `${card.timelineTrimmed} earlier moves are not shown.`
        : null,
    actions: {
      canAccept: actions.canAccept === true,
      canReject: actions.canReject === true,
      reason: actions.reason,
      rejectReasons: (actions.rejectReasons ?? []).map((r) => ({ label: r.label, value: r.key })),
    },
  };
}
