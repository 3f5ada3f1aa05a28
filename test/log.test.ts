import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it.each([
    ['a token set', { credentials: { accessToken: 'at-secret', refreshToken: 'rt-secret' } }],
    ['an OAuth response', { response: { access_token: 'at-secret', refresh_token: 'rt-secret' } }],
    ['request headers', { req: { headers: { authorization: 'Bearer at-secret', cookie: 'rt-secret' } } }],
  ])('redacts secrets in %s', (_label, payload) => {
    const { lines, logger } = capture();
    logger.info(payload, 'something happened');
    const output = lines.join('');
    expect(output).toContain('something happened');
    expect(output).toContain('[redacted]');
    expect(output).not.toContain('at-secret');
    expect(output).not.toContain('rt-secret');
  });

  it('writes one JSON object per line with level, time and service', () => {
    const { lines, logger } = capture();
    logger.warn({ portal: 42 }, 'slow');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 40,
      service: 'baton',
      portal: 42,
      msg: 'slow',
    });
  });
});
