import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm start` as a user runs it: a real process on embedded PostgreSQL in a fresh data directory. */
async function startBaton(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; logs: string[] }> {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Baton did not start:\n${logs.join('')}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString());
      const match = /"port":(\d+)/.exec(logs.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Baton exited with ${code}:\n${logs.join('')}`));
    });
  });
  return { child, port, logs };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  let dataDir = '';
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz on embedded storage, keeps a dev key out of the logs, and shuts down cleanly', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-start-'));
    const { child, port, logs } = await startBaton({ BATON_DATA_DIR: dataDir, HOST: '127.0.0.1' });
    expect(logs.join('')).toContain('"host":"127.0.0.1"');
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'pglite' });

    const key = (await readFile(join(dataDir, 'dev-token-encryption.key'), 'utf8')).trim();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    const done = exited(child);
    child.kill('SIGTERM');
    expect(await done).toBe(0);
    const output = logs.join('');
    expect(output).not.toContain(key);
    expect(output).toContain('"msg":"stopped"');
  });

  it('refuses to start with an invalid variable and says which one and how to fix it', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exited(child)).toBe(1);
    expect(stderr).toMatch(/PORT: PORT must be a whole number/);
  });
});
