import { z } from 'zod';

const url = (name: string) =>
  z.url({ error: `${name} must be an absolute URL such as https://example.com (got an invalid value)` });

const optionalSecret = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal('').transform(() => undefined));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ error: 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000' })
    .int({ error: 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000' })
    .min(0, { error: 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000' })
    .max(65535, { error: 'PORT must be a whole number between 0 and 65535, e.g. PORT=3000' })
    .default(3000),
  HOST: z
    .string()
    .regex(/^\S+$/, { error: 'HOST must be an address to listen on, e.g. HOST=127.0.0.1 or HOST=::' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PUBLIC_BASE_URL: url('PUBLIC_BASE_URL').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      error: 'DATABASE_URL must be a postgres:// connection string; unset it to use embedded PostgreSQL',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BATON_DATA_DIR: z.string().min(1).default('./.baton-data'),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, {
      error:
        'TOKEN_ENCRYPTION_KEY must be 32 random bytes in base64; generate one with `npm run baton -- keygen`',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  HUBSPOT_CLIENT_ID: optionalSecret,
  HUBSPOT_CLIENT_SECRET: optionalSecret,
  HUBSPOT_CLIENT_SECRET_PREVIOUS: optionalSecret,
  HUBSPOT_APP_ID: optionalSecret,
  HUBSPOT_API_BASE_URL: url('HUBSPOT_API_BASE_URL').default('https://api.hubapi.com'),
  HUBSPOT_AUTHORIZE_URL: url('HUBSPOT_AUTHORIZE_URL').default('https://app.hubspot.com/oauth/authorize'),
  BATON_ADMIN_TOKEN: optionalSecret,
  SALESFORCE_CLIENT_ID: optionalSecret,
  SALESFORCE_CLIENT_SECRET: optionalSecret,
  SALESFORCE_LOGIN_URL: url('SALESFORCE_LOGIN_URL').default('https://login.salesforce.com'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

/** Unset, PUBLIC_BASE_URL is this machine at the port Baton listens on, so PORT alone is enough locally. */
const withDerivedDefaults = environmentSchema.transform((env) => ({
  ...env,
  PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
}));

export type Environment = z.infer<typeof withDerivedDefaults>;

export class EnvironmentInvalidError extends Error {
  readonly code = 'environment_invalid';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Baton cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'EnvironmentInvalidError';
    this.problems = problems;
  }
}

/**
 * Parses the environment once at start-up. Values are never echoed back in errors, because some
 * of them are secrets; the message names the variable and how to fix it.
 */
export function parseEnvironment(env: Readonly<Record<string, string | undefined>>): Environment {
  const parsed = withDerivedDefaults.safeParse(env);
  if (!parsed.success) {
    throw new EnvironmentInvalidError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const value = parsed.data;
  if (value.NODE_ENV === 'production' && !value.TOKEN_ENCRYPTION_KEY) {
    throw new EnvironmentInvalidError([
      'TOKEN_ENCRYPTION_KEY: required when NODE_ENV=production; generate one with `npm run baton -- keygen`',
    ]);
  }
  return value;
}
