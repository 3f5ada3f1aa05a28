import { z } from 'zod';
import { ConflictError, ForbiddenError, InputInvalidError, NotFoundError } from '../../errors.ts';
import type { Db } from '../../store/database.ts';
import {
  addFieldNote,
  type FieldNote,
  getFieldNote,
  listFieldNotes,
  listOpenFieldNotes,
  answerFieldNote as saveAnswer,
} from '../../store/field-notes.ts';
import type { Tenant } from '../../store/tenants.ts';
import { type Actor, hasRole } from '../actor.ts';
import { type CardActor, type CardScope, currentHolder, requestIdSchema } from './record-card.ts';

const MAX_TEXT = 2000;
const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_TEXT, { error: `${what} must be at most ${MAX_TEXT} characters` });

const sendSchema = z.strictObject({ requestId: requestIdSchema, body: text('body') });

const answerSchema = z.strictObject({
  status: z.enum(['acted_on', 'declined'], { error: 'status must be acted_on or declined' }),
  answer: text('answer'),
});

export interface FieldNotesView {
  readonly notes: readonly FieldNote[];
  /** Whether the caller may send a note on this record (its holder, or sales). */
  readonly canSend: boolean;
  /** Whether the caller answers notes for marketing. */
  readonly canAnswer: boolean;
}

const answers = (actor: Actor) => hasRole(actor, 'marketing', 'admin');

/** A record's field intelligence, newest first, and what the caller may do with it. */
export async function readFieldNotes(db: Db, scope: CardScope, actor: CardActor): Promise<FieldNotesView> {
  return viewOf(db, scope, actor, await currentHolder(db, scope));
}

async function viewOf(
  db: Db,
  scope: CardScope,
  actor: CardActor,
  holder: string | null,
): Promise<FieldNotesView> {
  return {
    notes: await listFieldNotes(db, scope.tenant.id, scope.objectType, scope.recordId),
    canSend: mayAct(actor, holder),
    canAnswer: answers(actor),
  };
}

function mayAct(actor: CardActor, holder: string | null): boolean {
  return (holder !== null && holder === actor.ownerId) || hasRole(actor, 'sales');
}

/**
 * A rep tells marketing something about a lead. The lead's holder may, and anyone with the sales
 * role; a retried request id stores the note once and answers as the first request did.
 */
export async function sendFieldNote(
  db: Db,
  scope: CardScope,
  actor: CardActor,
  input: unknown,
  now: Date,
): Promise<FieldNotesView> {
  const parsed = sendSchema.safeParse(input);
  if (!parsed.success) throw refused('the note was not sent', parsed.error.issues);
  const holder = await currentHolder(db, scope);
  if (!mayAct(actor, holder)) {
    throw new ForbiddenError(`${actor.id} neither holds this lead nor has the sales role`);
  }
  const { note, created } = await addFieldNote(
    db,
    scope.tenant.id,
    {
      objectType: scope.objectType,
      recordId: scope.recordId,
      requestId: parsed.data.requestId,
      author: actor.id,
      body: parsed.data.body,
    },
    now,
  );
  const sameRequest =
    note.recordId === scope.recordId && note.body === parsed.data.body && note.author === actor.id;
  if (!created && !sameRequest) {
    throw new ConflictError('this requestId was used for another note; send a new one');
  }
  return viewOf(db, scope, actor, holder);
}

/**
 * Marketing's answer to a note: acted on, or declined, with the reason the rep reads. The first
 * answer stands; a note of another record or tenant is not found.
 */
export async function answerFieldNote(
  db: Db,
  tenant: Tenant,
  actor: Actor,
  noteId: string,
  input: unknown,
  now: Date,
  recordId?: string,
): Promise<FieldNote> {
  if (!answers(actor))
    throw new ForbiddenError(`${actor.id} may not answer field notes: it takes the marketing role`);
  const parsed = answerSchema.safeParse(input);
  if (!parsed.success) throw refused('the answer was not saved', parsed.error.issues);
  const id = z.uuid().safeParse(noteId);
  const note = id.success ? await getFieldNote(db, tenant.id, id.data) : null;
  if (!note || (recordId !== undefined && note.recordId !== recordId))
    throw new NotFoundError('there is no such note');
  const answered = await saveAnswer(db, tenant.id, note.id, { ...parsed.data, by: actor.id }, now);
  if (!answered) throw new ConflictError(`this note was answered already (${note.status})`);
  return answered;
}

/** What marketing owes an answer to, oldest first. */
export async function openFieldNotes(db: Db, tenant: Tenant, actor: Actor): Promise<FieldNote[]> {
  if (!answers(actor))
    throw new ForbiddenError(`${actor.id} may not read the open notes: it takes the marketing role`);
  return listOpenFieldNotes(db, tenant.id);
}

function refused(message: string, issues: readonly z.core.$ZodIssue[]): InputInvalidError {
  return new InputInvalidError(
    message,
    issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: key, message: 'is not a field of this request' }))
        : [{ path: i.path.join('.'), message: i.message }],
    ),
  );
}
