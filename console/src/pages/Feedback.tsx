import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { post, segment } from '../api.ts';
import { BusyButton, Empty, Loading } from '../components/Busy.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { dateTime } from '../format.ts';
import { useAction, useGet } from '../hooks.ts';
import type { FieldNote } from '../types.ts';

export function FeedbackPage() {
  const notes = useGet<{ notes: readonly FieldNote[] }>('/settings/field-notes');
  const [answered, setAnswered] = useState<string | null>(null);
  const list = notes.data?.notes ?? [];
  return (
    <Page
      title="Field feedback"
      intro="What sales reps told marketing about the leads they work, waiting for marketing’s answer. Oldest first."
    >
      <ErrorAlert error={notes.error} title="The field notes could not be loaded" />
      {notes.loading && !notes.data && <Loading what="the field notes" />}
      <Saved message={answered} />
      {notes.data && list.length === 0 && <Empty>No field notes are waiting for an answer.</Empty>}
      {list.map((note) => (
        <NoteAnswer
          key={note.id}
          note={note}
          onAnswered={(message) => {
            setAnswered(message);
            notes.reload();
          }}
        />
      ))}
    </Page>
  );
}

function NoteAnswer({
  note,
  onAnswered,
}: {
  readonly note: FieldNote;
  readonly onAnswered: (message: string) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<'acted_on' | 'declined'>('acted_on');
  const [answer, setAnswer] = useState('');
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run('answer', () =>
      post(`/settings/field-notes/${segment(note.id)}/answer`, { status, answer }),
    );
    if (done) onAnswered(`Answered ${note.author}’s note on ${note.recordId}.`);
  };
  return (
    <article className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {note.author} on <Link href={`/leads/${segment(note.recordId)}`}>{note.recordId}</Link>
      </h2>
      <p className="hint">{dateTime(note.createdAt)}</p>
      <blockquote id={`${id}-body`}>{note.body}</blockquote>
      <form onSubmit={submit} aria-busy={action.busy !== null}>
        <fieldset>
          <legend>Marketing’s answer</legend>
          <div className="actions">
            <label>
              <input
                type="radio"
                name={`${id}-status`}
                checked={status === 'acted_on'}
                onChange={() => setStatus('acted_on')}
              />{' '}
              Acted on
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-status`}
                checked={status === 'declined'}
                onChange={() => setStatus('declined')}
              />{' '}
              Declined
            </label>
          </div>
          <div className="field">
            <label htmlFor={`${id}-answer`}>Answer</label>
            <textarea
              id={`${id}-answer`}
              className="short"
              rows={3}
              maxLength={2000}
              required
              aria-describedby={`${id}-body`}
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
            />
          </div>
        </fieldset>
        <ErrorAlert error={action.error} title="The answer was not saved" />
        <BusyButton type="submit" busy={action.busy === 'answer'}>
          Send answer
        </BusyButton>
      </form>
    </article>
  );
}
