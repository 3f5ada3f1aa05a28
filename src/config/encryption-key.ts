import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { ensurePrivateDirectory } from '../store/data-dir.ts';
import type { Environment } from './environment.ts';

const DEV_KEY_FILE = 'dev-token-encryption.key';

/**
 * The key that encrypts CRM tokens at rest. Production must configure it (checked when the
 * environment is parsed); for local runs a key is generated once into the data directory so tokens
 * survive restarts, with a warning because that key sits next to the data it protects.
 */
export async function resolveEncryptionKey(env: Environment, logger: Logger): Promise<string> {
  if (env.TOKEN_ENCRYPTION_KEY) return env.TOKEN_ENCRYPTION_KEY;
  const path = join(env.BATON_DATA_DIR, DEV_KEY_FILE);
  await ensurePrivateDirectory(env.BATON_DATA_DIR);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) {
    await chmod(path, 0o600);
    logger.warn(
      { path },
      'TOKEN_ENCRYPTION_KEY is not set; using the development key from the data directory',
    );
    return existing.trim();
  }
  const key = randomBytes(32).toString('base64');
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn(
    { path },
    'TOKEN_ENCRYPTION_KEY is not set; generated a development key in the data directory. Set TOKEN_ENCRYPTION_KEY in production.',
  );
  return key;
}
