import { Alert, Button, Flex, Input, Select, StatusTag, Text, TextArea, Tile } from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import { type FieldNote, type FieldNotes, type FieldNotesApi, newRequestId } from './baton-api.ts';
import { useFormatInstant } from './portal-time-zone.ts';
import { messageOf } from './use-card-view.ts';

const STATUS = {
  open: { label: 'Waiting for marketing', variant: 'warning' },
  acted_on: { label: 'Acted on', variant: 'success' },
  declined: { label: 'Declined', variant: 'default' },
} as const;

export function AnswerForm({
  onAnswer,
  busy,
}: {
  readonly onAnswer: (status: 'acted_on' | 'declined', answer: string) => void;
  readonly busy: boolean;
}) {
  const [status, setStatus] = useState<'acted_on' | 'declined'>('acted_on');
  const [answer, setAnswer] = useState('');
  return (
    <Flex direction="row" gap="xs" align="end" wrap="wrap">
      <Select
        label="Answer"
        name="answerStatus"
        value={status}
        options={[
          { label: 'Acted on', value: 'acted_on' },
          { label: 'Declined', value: 'declined' },
        ]}
        onChange={(v) => setStatus(v === 'declined' ? 'declined' : 'acted_on')}
      />
      <Input label="What marketing did, or why not" name="answer" value={answer} onChange={setAnswer} />
      <Button disabled={busy || answer.trim() === ''} onClick={() => onAnswer(status, answer.trim())}>
        Answer
      </Button>
    </Flex>
  );
}

function NoteTile({
  note,
  canAnswer,
  busy,
  onAnswer,
}: {
  readonly note: FieldNote;
  readonly canAnswer: boolean;
  readonly busy: boolean;
  readonly onAnswer: (status: 'acted_on' | 'declined', answer: string) => void;
}) {
  const formatInstant = useFormatInstant();
  const status = STATUS[note.status];
  return (
    <Tile compact>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="xs" align="center">
          <StatusTag variant={status.variant}>{status.label}</StatusTag>
          <Text variant="microcopy">
            user {note.author}, {formatInstant(note.createdAt)}
          </Text>
        </Flex>
        <Text>{note.body}</Text>
        {note.answer !== null && (
          <Text>
            Marketing (user {note.answeredBy}): {note.answer}
          </Text>
        )}
        {note.status === 'open' && canAnswer && <AnswerForm busy={busy} onAnswer={onAnswer} />}
      </Flex>
    </Tile>
  );
}

/**
 * Field intelligence, the sources' "no black hole" rule: what a rep tells marketing about this
 * lead, each note waiting until marketing answers it as acted on or declined, with a reason.
 */
export function FieldNotesSection({
  recordId,
  api,
}: {
  readonly recordId: string;
  readonly api: FieldNotesApi;
}) {
  const [thread, setThread] = useState<FieldNotes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      setThread(await api.list(recordId));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, recordId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(change: () => Promise<FieldNotes>, after?: () => void) {
    setBusy(true);
    setError(null);
    try {
      setThread(await change());
      after?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (!thread)
    return error ? (
      <Alert title="Field intelligence is unavailable" variant="danger">
        {error}
      </Alert>
    ) : (
      <Text>Loading notes…</Text>
    );
  return (
    <Flex direction="column" gap="sm">
      {error && (
        <Alert title="Not done" variant="danger">
          {error}
        </Alert>
      )}
      {thread.notes.length === 0 && <Text>No field intelligence on this lead yet.</Text>}
      {thread.notes.map((note) => (
        <NoteTile
          key={note.id}
          note={note}
          canAnswer={thread.canAnswer}
          busy={busy}
          onAnswer={(status, answer) => void act(() => api.answer(recordId, note.id, status, answer))}
        />
      ))}
      {thread.canSend && (
        <Flex direction="column" gap="xs">
          <TextArea
            label="Tell marketing"
            name="fieldNote"
            description="What you learned in the field: the market, a competitor, why this lead stalled"
            maxLength={2000}
            value={draft}
            onChange={setDraft}
          />
          <Button
            disabled={busy || draft.trim() === ''}
            onClick={() => {
              const requestId = newRequestId();
              void act(
                () => api.send(recordId, requestId, draft.trim()),
                () => setDraft(''),
              );
            }}
          >
            Send to marketing
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
