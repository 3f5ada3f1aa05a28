import { createContext, useContext } from 'react';
import type { Role, Session } from './types.ts';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in console');
  return session;
}

export function useHasRole(...roles: readonly Role[]): boolean {
  const { roles: held } = useSession();
  return roles.some((role) => held.includes(role));
}
