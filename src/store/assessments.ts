import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FieldNoteTimes } from '../core/assessment/behaviour-signals.ts';
import type { AssessmentFunction, InstrumentKey } from '../core/assessment/instruments.ts';
import type { RoundResponse } from '../core/assessment/round-results.ts';
import { scoreAssessment } from '../core/assessment/score-assessment.ts';
import { ConflictError, InputInvalidError, NotFoundError } from '../errors.ts';
import { writeAudit } from './audit-log.ts';
import type { Db, Tx } from './database.ts';
import { assessmentLinks, assessmentResponses, assessmentRounds, fieldNotes } from './schema.ts';

export type AssessmentRound = typeof assessmentRounds.$inferSelect;

export interface Invitation {
  readonly function: AssessmentFunction;
  readonly level: string | null;
  readonly count: number;
}

/** A respondent link's secret, given out once when the round opens; Baton keeps only its hash. */
export interface IssuedLink {
  readonly function: AssessmentFunction;
  readonly level: string | null;
  readonly token: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a round with one single-use link per invited respondent, in one audited transaction. */
export async function openRound(
  db: Db,
  tenantId: string,
  input: {
    readonly instrument: InstrumentKey;
    readonly name: string;
    readonly invitations: readonly Invitation[];
  },
  change: { readonly actor: string; readonly now: Date },
): Promise<{ readonly round: AssessmentRound; readonly links: readonly IssuedLink[] }> {
  return db.transaction(async (tx) => {
    const [round] = await tx
      .insert(assessmentRounds)
      .values({
        tenantId,
        instrument: input.instrument,
        name: input.name,
        status: 'open',
        openedBy: change.actor,
        openedAt: change.now,
      })
      .returning();
    if (!round) throw new Error('the round was not stored');
    const links = input.invitations.flatMap((invitation) =>
      Array.from({ length: invitation.count }, () => ({
        function: invitation.function,
        level: invitation.level,
        // 256 random bits: a link cannot be guessed, and names one round only.
        token: randomBytes(32).toString('base64url'),
      })),
    );
    if (links.length > 0)
      await tx.insert(assessmentLinks).values(
        links.map((link) => ({
          tokenHash: hashOf(link.token),
          tenantId,
          roundId: round.id,
          function: link.function,
          level: link.level,
        })),
      );
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: 'assessment.opened',
      subjectType: 'assessment_round',
      subjectKey: round.id,
      before: null,
      after: { instrument: input.instrument, name: input.name, invitations: input.invitations },
      at: change.now,
    });
    return { round, links };
  });
}

export async function closeRound(
  db: Db,
  tenantId: string,
  roundId: string,
  change: { readonly actor: string; readonly now: Date },
): Promise<AssessmentRound> {
  return db.transaction(async (tx) => {
    const round = await requireRound(tx, tenantId, roundId);
    if (round.status === 'closed') return round;
    const [closed] = await tx
      .update(assessmentRounds)
      .set({ status: 'closed', closedAt: change.now })
      .where(eq(assessmentRounds.id, round.id))
      .returning();
    await writeAudit(tx, {
      tenantId,
      actor: change.actor,
      action: 'assessment.closed',
      subjectType: 'assessment_round',
      subjectKey: round.id,
      before: { status: 'open' },
      after: { status: 'closed' },
      at: change.now,
    });
    return closed ?? round;
  });
}

/** A round of this tenant, or 404: another tenant's round id is as unknown as a made-up one. */
async function requireRound(db: Db | Tx, tenantId: string, roundId: string): Promise<AssessmentRound> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [round] = uuid.test(roundId)
    ? await db
        .select()
        .from(assessmentRounds)
        .where(and(eq(assessmentRounds.tenantId, tenantId), eq(assessmentRounds.id, roundId)))
    : [];
  if (!round) throw new NotFoundError(`there is no assessment round ${roundId}`);
  return round;
}

export interface RoundWithCounts extends AssessmentRound {
  readonly invited: number;
  readonly answered: number;
}

/** The tenant's rounds, newest first, with how many were invited and how many answered. */
export async function listRounds(db: Db | Tx, tenantId: string): Promise<RoundWithCounts[]> {
  const rows = await db
    .select({
      round: assessmentRounds,
      invited: sql<number>`(select count(*)::int from assessment_links l where l.round_id = ${assessmentRounds.id})`,
      answered: sql<number>`(select count(*)::int from assessment_links l where l.round_id = ${assessmentRounds.id} and l.answered)`,
    })
    .from(assessmentRounds)
    .where(eq(assessmentRounds.tenantId, tenantId))
    .orderBy(asc(assessmentRounds.openedAt));
  return rows
    .map((r) => ({ ...r.round, invited: Number(r.invited), answered: Number(r.answered) }))
    .reverse();
}

export async function roundResponses(
  db: Db | Tx,
  tenantId: string,
  roundId: string,
): Promise<RoundResponse[]> {
  const rows = await db
    .select({
      function: assessmentResponses.function,
      level: assessmentResponses.level,
      answers: assessmentResponses.answers,
    })
    .from(assessmentResponses)
    .where(and(eq(assessmentResponses.tenantId, tenantId), eq(assessmentResponses.roundId, roundId)));
  return rows;
}

/** What a respondent's link opens: the round and how the respondent is tagged. */
export interface RespondentLink {
  readonly round: AssessmentRound;
  readonly function: AssessmentFunction;
  readonly level: string | null;
  readonly answered: boolean;
}

export async function findRespondentLink(db: Db | Tx, token: string): Promise<RespondentLink | null> {
  const [row] = await db
    .select({ link: assessmentLinks, round: assessmentRounds })
    .from(assessmentLinks)
    .innerJoin(assessmentRounds, eq(assessmentRounds.id, assessmentLinks.roundId))
    .where(eq(assessmentLinks.tokenHash, hashOf(token)));
  return row
    ? { round: row.round, function: row.link.function, level: row.link.level, answered: row.link.answered }
    : null;
}

/**
 * Stores one respondent's answers: the link must exist, be unused and its round open, and the
 * answers must fit the instrument's form for the link's function. The link is marked used and the
 * answers stored apart from it, in one transaction holding the link's row.
 */
export async function submitAnswers(db: Db, token: string, answers: unknown): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ link: assessmentLinks, round: assessmentRounds })
      .from(assessmentLinks)
      .innerJoin(assessmentRounds, eq(assessmentRounds.id, assessmentLinks.roundId))
      .where(eq(assessmentLinks.tokenHash, hashOf(token)))
      .for('update', { of: assessmentLinks });
    if (!row) throw new NotFoundError('this assessment link is not known');
    if (row.round.status !== 'open') throw new ConflictError('this assessment round is closed');
    if (row.link.answered) throw new ConflictError('this link has been used to answer already');
    const checked = scoreAssessment({
      instrument: row.round.instrument,
      respondents: [{ function: row.link.function, answers }],
    });
    if (!checked.ok) {
      throw new InputInvalidError(
        'the answers were not saved',
        checked.issues.map((i) => ({
          ...i,
          message: i.message.replace(/^respondent 1 \([a-z]+\)(, )?:? ?/, ''),
        })),
      );
    }
    await tx.insert(assessmentResponses).values({
      tenantId: row.link.tenantId,
      roundId: row.round.id,
      function: row.link.function,
      level: row.link.level,
      answers,
    });
    await tx
      .update(assessmentLinks)
      .set({ answered: true })
      .where(eq(assessmentLinks.tokenHash, row.link.tokenHash));
  });
}

/** Sales' notes to marketing: when each was given and answered, for the behaviour signals. */
export async function fieldNoteTimes(db: Db | Tx, tenantId: string): Promise<FieldNoteTimes[]> {
  const rows = await db
    .select({ createdAt: fieldNotes.createdAt, answeredAt: fieldNotes.answeredAt })
    .from(fieldNotes)
    .where(eq(fieldNotes.tenantId, tenantId));
  return rows.map((r) => ({ createdAt: r.createdAt.getTime(), answeredAt: r.answeredAt?.getTime() ?? null }));
}
