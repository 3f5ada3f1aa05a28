import { describe, expect, it } from 'vitest';
import { BATON_ORIGIN, batonOrigin } from '../../../extensions/hubspot/src/app/cards/baton-origin.ts';
import { formatInstant } from '../../../extensions/hubspot/src/app/cards/card-format.ts';

describe('what the cards show beside the view model', () => {
  it('shows an instant in the portal’s time zone, across daylight saving', () => {
    const winter = Date.parse('2026-03-02T10:00:00Z');
    const summer = Date.parse('2026-07-02T10:00:00Z');
    expect(formatInstant(winter)).toBe('2026-03-02 10:00 UTC');
    expect(formatInstant(winter, 'America/New_York')).toBe('2026-03-02 05:00 America/New_York');
    expect(formatInstant(summer, 'America/New_York')).toBe('2026-07-02 06:00 America/New_York');
    expect(formatInstant(winter, 'Asia/Kolkata')).toBe('2026-03-02 15:30 Asia/Kolkata');
  });

  it('calls the origin the deploy profile names, and only an HTTPS one', () => {
    expect(batonOrigin({ batonBaseUrl: 'https://baton.acme.test/' })).toBe('https://baton.acme.test');
    expect(batonOrigin({ batonBaseUrl: 'http://baton.acme.test' })).toBe(BATON_ORIGIN);
    expect(batonOrigin({ batonBaseUrl: 42 })).toBe(BATON_ORIGIN);
    expect(batonOrigin(undefined)).toBe(BATON_ORIGIN);
  });
});
