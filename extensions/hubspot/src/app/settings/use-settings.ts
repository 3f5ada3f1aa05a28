import { useCallback, useEffect, useState } from 'react';
import { BatonApiError, type FieldIssue } from '../cards/baton-api.ts';
import type { SettingsApi } from './settings-api.ts';
import type { SettingsData } from './settings-types.ts';

export type SettingsLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly data: SettingsData };

export function useSettings(api: SettingsApi) {
  const [load, setLoad] = useState<SettingsLoad>({ status: 'loading' });
  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', data: await api.load() });
    } catch (error) {
      setLoad({
        status: 'error',
        message: error instanceof Error ? error.message : 'Baton could not be reached.',
      });
    }
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { load, reload };
}

export interface Refusal {
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

/**
 * Runs one change against Baton: while it runs the page is busy; a refusal (403 with the reason,
 * 400 naming the fields) is kept to show beside the form; a success reloads the page's data.
 */
export function useChange(onDone: () => Promise<void>, alert: (message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const run = useCallback(
    async (change: () => Promise<unknown>, success: string) => {
      setBusy(true);
      setRefusal(null);
      try {
        await change();
        await onDone();
        alert(success);
        return true;
      } catch (error) {
        setRefusal(
          error instanceof BatonApiError
            ? { message: error.message, issues: error.issues }
            : { message: error instanceof Error ? error.message : 'Something went wrong.', issues: [] },
        );
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onDone, alert],
  );
  return { busy, refusal, run, clear: () => setRefusal(null) };
}

/** The message of the first issue about a field, for its `validationMessage`. */
export function issueAt(refusal: Refusal | null, matches: (path: string) => boolean): string | undefined {
  return refusal?.issues.find((i) => matches(i.path))?.message;
}

/** A field's error props: marked, with Baton's message, or clean. */
export function fieldError(message: string | null | undefined): {
  error: boolean;
  validationMessage?: string;
} {
  return message ? { error: true, validationMessage: message } : { error: false };
}

/** What every panel of the settings page is given: the page's data, the API, and how to report a change. */
export interface PanelProps {
  readonly data: SettingsData;
  readonly api: SettingsApi;
  readonly reload: () => Promise<void>;
  readonly alert: (message: string) => void;
}

/** An editable row with an id of its own, so removing one keeps the others' inputs where they are. */
export type Keyed<T> = T & { readonly id: number };
let nextRowId = 0;
export const keyed = <T extends object>(row: T): Keyed<T> => ({ ...row, id: nextRowId++ });

/** The row without its id, as Baton stores it. */
export function unkeyed<T extends object>({ id: _id, ...row }: Keyed<T>): T {
  return row as unknown as T;
}
