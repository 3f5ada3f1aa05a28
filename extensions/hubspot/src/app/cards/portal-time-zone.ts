import { createContext, useContext } from 'react';
import { formatInstant } from './card-format.ts';

/** The portal's time zone, from the extension context; cards show every instant in it. */
export const PortalTimeZone = createContext('UTC');

export function usePortalTimeZone(): string {
  return useContext(PortalTimeZone);
}

/** `formatInstant` in the portal's time zone. */
export function useFormatInstant(): (at: number) => string {
  const timeZone = useContext(PortalTimeZone);
  return (at) => formatInstant(at, timeZone);
}
