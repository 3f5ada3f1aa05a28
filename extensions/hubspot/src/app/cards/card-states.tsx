import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { CardLoad } from './use-card-view.ts';

/** Loading, empty and error, the same on every Baton card; null once the view is ready. */
export function CardState({ load, onRetry }: { readonly load: CardLoad; readonly onRetry: () => void }) {
  if (load.status === 'loading') return <LoadingSpinner label="Loading Baton…" layout="centered" />;
  if (load.status === 'empty') {
    return (
      <EmptyState title="Baton has not seen this contact yet" imageName="contacts" layout="vertical">
        <Text>
          Baton shows a contact once HubSpot reports a change to it, or after a backfill of the portal.
        </Text>
      </EmptyState>
    );
  }
  if (load.status === 'error') {
    return (
      <ErrorState title="Baton could not load this contact">
        <Text>{load.message}</Text>
        <Button onClick={onRetry}>Try again</Button>
      </ErrorState>
    );
  }
  return null;
}
