import { Alert, Button, Flex, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { type CardApi, newRequestId } from './baton-api.ts';
import type { CardViewModel } from './card-view.ts';
import { messageOf } from './use-card-view.ts';

export interface CardHostActions {
  readonly refreshObjectProperties: () => void;
  readonly addAlert: (alert: { readonly type?: 'success' | 'danger'; readonly message: string }) => void;
}

/** A shown card view, with what may change it: the API, the host's actions, and the new view's receiver. */
export interface CardViewProps {
  readonly view: CardViewModel;
  readonly api: CardApi;
  readonly host: CardHostActions;
  readonly onView: (view: CardViewModel) => void;
}

/**
 * Accept, or reject with a reason code and feedback. The answer is the lead's new card, shown at
 * once; the record's properties are refreshed, since Baton writes them back within a second.
 */
export function HandoffActions({ view, api, host, onView }: CardViewProps) {
  const [reasonCode, setReasonCode] = useState('');
  const [feedback, setFeedback] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { actions } = view;

  async function act(kind: 'accept' | 'reject') {
    setBusy(true);
    setRefusal(null);
    const requestId = newRequestId();
    try {
      const next =
        kind === 'accept'
          ? await api.accept(view.recordId, requestId)
          : await api.reject(view.recordId, requestId, reasonCode, feedback);
      onView(next);
      host.refreshObjectProperties();
      host.addAlert({ type: 'success', message: kind === 'accept' ? 'Lead accepted' : 'Lead rejected' });
    } catch (error) {
      setRefusal(messageOf(error));
    } finally {
      setBusy(false);
    }
  }

  if (!actions.canAccept && !actions.canReject) {
    return <Text variant="microcopy">{actions.reason}</Text>;
  }
  return (
    <Flex direction="column" gap="sm">
      {refusal && (
        <Alert title="Not done" variant="danger">
          {refusal}
        </Alert>
      )}
      {actions.canAccept && (
        <Button variant="primary" disabled={busy} onClick={() => void act('accept')}>
          Accept
        </Button>
      )}
      {actions.canReject && (
        <Flex direction="column" gap="xs">
          <Select
            label="Reason"
            name="reasonCode"
            value={reasonCode}
            options={actions.rejectReasons.map((r) => ({ label: r.label, value: r.key }))}
            onChange={(value) => setReasonCode(String(value))}
          />
          <TextArea
            label="Feedback for marketing"
            name="feedback"
            value={feedback}
            maxLength={2000}
            onChange={setFeedback}
          />
          <Button
            variant="destructive"
            disabled={busy || reasonCode === ''}
            onClick={() => void act('reject')}
          >
            Reject
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
