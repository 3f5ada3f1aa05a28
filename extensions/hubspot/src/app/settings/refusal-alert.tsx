import { Alert, Text } from '@hubspot/ui-extensions';
import type { Refusal } from './use-settings.ts';

/** Why Baton refused a change, each field issue on its own line, naming the field. */
export function RefusalAlert({ refusal }: { readonly refusal: Refusal | null }) {
  if (!refusal) return null;
  return (
    <Alert title="Not saved" variant="danger">
      <Text>{refusal.message}</Text>
      {refusal.issues.map((i) => (
        <Text key={`${i.path}:${i.message}`}>{i.path === '' ? i.message : `${i.path}: ${i.message}`}</Text>
      ))}
    </Alert>
  );
}
