import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from './database.ts';
import { fieldNotes } from './schema.ts';

export type FieldNoteStatus = 'open' | 'acted_on' | 'declined';

export interface FieldNote {
  readonly id: string;
  readonly objectType: string;
  readonly recordId: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: number;
  readonly status: FieldNoteStatus;
  readonly answeredBy: string | null;
  readonly answer: string | null;
  readonly answeredAt: number | null;
}

type Row = typeof fieldNotes.$inferSelect;

function noteOf(row: Row): FieldNote {
  return {
    id: row.id,
    objectType: row.objectType,
    recordId: row.recordId,
    author: row.author,
    body: row.body,
    createdAt: row.createdAt.getTime(),
    status: row.status,
    answeredBy: row.answeredBy,
    answer: row.answer,
    answeredAt: row.answeredAt?.getTime() ?? null,
  };
}

/**
 * Stores a rep's note once per request id. A retry finds the note the first request stored;
 * `created` tells the two apart, and the caller compares what was asked.
 */
export async function addFieldNote(
  db: Db | Tx,
  tenantId: string,
  note: {
    readonly objectType: string;
    readonly recordId: string;
    readonly requestId: string;
    readonly author: string;
    readonly body: string;
  },
  now: Date,
): Promise<{ readonly note: FieldNote; readonly created: boolean }> {
  const [inserted] = await db
    .insert(fieldNotes)
    .values({ tenantId, ...note, createdAt: now, status: 'open' })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { note: noteOf(inserted), created: true };
  const [earlier] = await db
    .select()
    .from(fieldNotes)
    .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.requestId, note.requestId)));
  if (!earlier) throw new Error(`field note ${note.requestId} is neither new nor stored`);
  return { note: noteOf(earlier), created: false };
}

/** A record's notes, newest first. */
export async function listFieldNotes(
  db: Db | Tx,
  tenantId: string,
  objectType: string,
  recordId: string,
): Promise<FieldNote[]> {
  const rows = await db
    .select()
    .from(fieldNotes)
    .where(
      and(
        eq(fieldNotes.tenantId, tenantId),
        eq(fieldNotes.objectType, objectType),
        eq(fieldNotes.recordId, recordId),
      ),
    )
    .orderBy(desc(fieldNotes.createdAt));
  return rows.map(noteOf);
}

/** The tenant's unanswered notes, oldest first: what marketing owes an answer to. */
export async function listOpenFieldNotes(db: Db | Tx, tenantId: string, limit = 200): Promise<FieldNote[]> {
  const rows = await db
    .select()
    .from(fieldNotes)
    .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.status, 'open')))
    .orderBy(fieldNotes.createdAt)
    .limit(limit);
  return rows.map(noteOf);
}

export async function getFieldNote(db: Db | Tx, tenantId: string, id: string): Promise<FieldNote | null> {
  const [row] = await db
    .select()
    .from(fieldNotes)
    .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.id, id)));
  return row ? noteOf(row) : null;
}

/** Answers an open note; null when it was answered already (the first answer stands). */
export async function answerFieldNote(
  db: Db | Tx,
  tenantId: string,
  id: string,
  answer: { readonly status: 'acted_on' | 'declined'; readonly answer: string; readonly by: string },
  now: Date,
): Promise<FieldNote | null> {
  const [row] = await db
    .update(fieldNotes)
    .set({ status: answer.status, answer: answer.answer, answeredBy: answer.by, answeredAt: now })
    .where(and(eq(fieldNotes.tenantId, tenantId), eq(fieldNotes.id, id), eq(fieldNotes.status, 'open')))
    .returning();
  return row ? noteOf(row) : null;
}
