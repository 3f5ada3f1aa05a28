import { describe, expect, it } from 'vitest';
import { EnvironmentInvalidError, parseEnvironment } from '../../src/config/environment.ts';

const key = Buffer.alloc(32, 7).toString('base64');

describe('parseEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnvironment({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TOKEN_ENCRYPTION_KEY).toBeUndefined();
    expect(env).toMatchObject({
      PORT: 3000,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      BATON_DATA_DIR: './.baton-data',
      HUBSPOT_API_BASE_URL: 'https://api.hubapi.com',
      HUBSPOT_AUTHORIZE_URL: 'https://app.hubspot.com/oauth/authorize',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      LOG_LEVEL: 'info',
    });
  });

  it('defaults PUBLIC_BASE_URL to the port Baton listens on, and keeps one that is set', () => {
    expect(parseEnvironment({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(
      parseEnvironment({ PORT: '8080', PUBLIC_BASE_URL: 'https://baton.example.com' }).PUBLIC_BASE_URL,
    ).toBe('https://baton.example.com');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnvironment({ DATABASE_URL: '', TOKEN_ENCRYPTION_KEY: '' })).toMatchObject({
      DATABASE_URL: undefined,
      TOKEN_ENCRYPTION_KEY: undefined,
    });
  });

  it('accepts a full production environment', () => {
    const env = parseEnvironment({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgres://baton@db:5432/baton',
      TOKEN_ENCRYPTION_KEY: key,
      HUBSPOT_API_BASE_URL: 'https://api.hubapi.eu',
    });
    expect(env).toMatchObject({ PORT: 8080, HUBSPOT_API_BASE_URL: 'https://api.hubapi.eu' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_BASE_URL: 'localhost' }, 'PUBLIC_BASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TOKEN_ENCRYPTION_KEY: 'short' }, 'TOKEN_ENCRYPTION_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HUBSPOT_API_BASE_URL: 'not a url' }, 'HUBSPOT_API_BASE_URL'],
    [{ NODE_ENV: 'production' }, 'TOKEN_ENCRYPTION_KEY'],
  ])('names the variable and the fix for %j', (env, variable) => {
    const error = (() => {
      try {
        parseEnvironment(env);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(EnvironmentInvalidError);
    const problems = (error as EnvironmentInvalidError).problems;
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('takes HOST as the listening address, unset or empty meaning every IPv4 interface', () => {
    expect(parseEnvironment({ HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
    expect(parseEnvironment({ HOST: '::' }).HOST).toBe('::');
    expect(parseEnvironment({}).HOST).toBeUndefined();
    expect(parseEnvironment({ HOST: '' }).HOST).toBeUndefined();
    expect(() => parseEnvironment({ HOST: 'local host' })).toThrow(/HOST: HOST must be an address/);
  });

  it('never echoes a secret value back in the error', () => {
    const secret = 'super-secret-value-that-is-not-base64-32';
    expect(() => parseEnvironment({ TOKEN_ENCRYPTION_KEY: secret })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});
