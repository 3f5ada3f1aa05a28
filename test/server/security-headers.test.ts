import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http-server.ts';
import { openTestStore, type TestStore } from '../store/harness.ts';
import { captureLogs } from './log-capture.ts';
import { CONFIGURED, serveOAuthApp } from './oauth-app-kit.ts';

describe('security headers', () => {
  let store: TestStore;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    [
      'the install page of an unconfigured server',
      { ...CONFIGURED, clientId: undefined },
      '/oauth/hubspot/install',
    ],
    ['the callback page of an incomplete install', CONFIGURED, '/oauth/hubspot/callback'],
  ])('sends a strict policy with %s', async (_what, config, path) => {
    const served = await serveOAuthApp({ store, logger: captureLogs().logger, config });
    server = served.server;
    const response = await fetch(`${served.base}${path}`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<!doctype html>');

    const policy = new Map(
      (response.headers.get('content-security-policy') ?? '').split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.has('script-src')).toBe(false);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('lets the page keep its inline style and nothing else', async () => {
    const served = await serveOAuthApp({ store, logger: captureLogs().logger, config: CONFIGURED });
    server = served.server;
    const response = await fetch(`${served.base}/oauth/hubspot/callback`, {
      headers: { accept: 'text/html' },
    });
    const page = await response.text();
    expect(page).toMatch(/<body style="/);
    expect(page).not.toMatch(/<script|<style|<form|<iframe/);
    expect(response.headers.get('content-security-policy')).toContain("style-src-attr 'unsafe-inline'");
  });
});
