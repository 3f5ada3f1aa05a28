import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

export interface CapturedLog {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A debug-level logger whose lines the test reads back, parsed. */
export function captureLogs(): { logger: Logger; lines: CapturedLog[]; raw: string[] } {
  const raw: string[] = [];
  const lines: CapturedLog[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write: (chunk, _encoding, done) => {
        raw.push(String(chunk));
        lines.push(JSON.parse(String(chunk)) as CapturedLog);
        done();
      },
    }),
  });
  return { logger, lines, raw };
}

/** pino's numeric level for `error`; anything at or above it pages someone. */
export const ERROR_LEVEL = 50;
