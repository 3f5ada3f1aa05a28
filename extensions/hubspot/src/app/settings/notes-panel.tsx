import { Flex, Text, Tile } from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import type { FieldNote } from '../cards/baton-api.ts';
import { AnswerForm } from '../cards/field-notes.tsx';
import { useFormatInstant } from '../cards/portal-time-zone.ts';
import { messageOf } from '../cards/use-card-view.ts';
import { RefusalAlert } from './refusal-alert.tsx';
import type { SettingsApi } from './settings-api.ts';
import { useChange } from './use-settings.ts';

/** Field intelligence marketing owes an answer to, oldest first, answered right here. */
export function NotesPanel({
  api,
  alert,
}: {
  readonly api: SettingsApi;
  readonly alert: (message: string) => void;
}) {
  const formatInstant = useFormatInstant();
  const [notes, setNotes] = useState<readonly FieldNote[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setNotes((await api.openNotes()).notes);
    } catch (error) {
      setLoadError(messageOf(error));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const change = useChange(load, alert);
  if (!notes) return <Text>{loadError ?? 'Loading field intelligence…'}</Text>;
  return (
    <Flex direction="column" gap="sm">
      <RefusalAlert refusal={change.refusal} />
      {notes.length === 0 && <Text>Every note from sales has an answer.</Text>}
      {notes.map((note) => (
        <Tile key={note.id} compact>
          <Flex direction="column" gap="xs">
            <Text variant="microcopy">
              Contact {note.recordId}, user {note.author}, {formatInstant(note.createdAt)}
            </Text>
            <Text>{note.body}</Text>
            <AnswerForm
              busy={change.busy}
              onAnswer={(status, answer) =>
                void change.run(() => api.answerNote(note.id, status, answer), 'Answer sent')
              }
            />
          </Flex>
        </Tile>
      ))}
    </Flex>
  );
}
