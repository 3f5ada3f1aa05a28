import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths whose values are secrets wherever they appear in a log object. */
const REDACTED_PATHS = [
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.code',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-hubspot-signature"]',
  '*.headers["x-hubspot-signature-v3"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'TOKEN_ENCRYPTION_KEY',
  'HUBSPOT_CLIENT_SECRET',
  'SALESFORCE_CLIENT_SECRET',
];

export function createLogger(options: {
  level: string;
  destination?: NodeJS.WritableStream | pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'baton' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(1),
  );
}
