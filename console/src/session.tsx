import { createContext, useContext } from 'react';
import type { Role, Session } from './types.ts';

export const SessionContext = createContext<Session | null>(null);

/** Reads the session again in place, for a page whose change alters what the header shows. */
export const SessionRefreshContext = createContext<() => Promise<void>>(async () => {});

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in console');
  return session;
}

export function useHasRole(...roles: readonly Role[]): boolean {
  const { roles: held } = useSession();
  return roles.some((role) => held.includes(role));
}

export function useRefreshSession(): () => Promise<void> {
  return useContext(SessionRefreshContext);
}
