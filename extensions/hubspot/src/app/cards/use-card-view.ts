import { useCallback, useEffect, useState } from 'react';
import { BatonApiError, type CardApi } from './baton-api.ts';
import type { CardViewModel } from './card-view.ts';

export type CardLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'empty' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly view: CardViewModel };

/** The contact's card view from Baton: loading, Baton holds nothing of it yet (404), failed, or ready. */
export function useCardView(api: CardApi, recordId: string) {
  const [load, setLoad] = useState<CardLoad>({ status: 'loading' });
  const reload = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', view: await api.view(recordId) });
    } catch (error) {
      if (error instanceof BatonApiError && error.status === 404) setLoad({ status: 'empty' });
      else setLoad({ status: 'error', message: messageOf(error) });
    }
  }, [api, recordId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const show = useCallback((view: CardViewModel) => setLoad({ status: 'ready', view }), []);
  return { load, reload, show };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
