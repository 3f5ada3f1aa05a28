import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Read and write for the owner only: the embedded database and the development key are secrets. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIRECTORY = 0o700;
const GROUP_AND_OTHER = 0o077;

/**
 * Creates `dir` (and missing parents) for the owner alone, and closes an existing one that older
 * installs left open: the directory's own mode is what keeps other users out of every file in it.
 */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY });
  await chmod(dir, PRIVATE_DIRECTORY);
}

/**
 * PGlite writes its initial cluster with mode 0666 whatever the umask, and files PostgreSQL opens
 * through `fopen` (relation caches, statistics) follow the umask; its own data files are 0600.
 * So the process umask is narrowed, where Node lets a thread change it (not in worker threads,
 * where the private directory still keeps others out), and every file already there is narrowed
 * once the database is open. Baton writes nothing meant for other users, so the umask stays.
 */
export function restrictNewFiles(): void {
  if (!isMainThread) return;
  // Reading the umask alone is deprecated: set a narrow one, then keep whatever it narrowed further.
  process.umask(process.umask(GROUP_AND_OTHER) | GROUP_AND_OTHER);
}

/** Narrows every file to 0600 and every directory to 0700 under `dir`; symbolic links are left alone. */
export async function restrictTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await narrow(path, PRIVATE_DIRECTORY);
        await restrictTree(path);
      } else if (entry.isFile()) {
        await narrow(path, PRIVATE_FILE);
      }
    }),
  );
}

async function narrow(path: string, mode: number): Promise<void> {
  const { mode: current } = await lstat(path);
  if ((current & GROUP_AND_OTHER) !== 0) await chmod(path, current & mode);
}
