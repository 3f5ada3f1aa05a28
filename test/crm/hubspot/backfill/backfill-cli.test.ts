import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_SEARCH_PATH } from '../../../../src/crm/hubspot/backfill/search-contacts.ts';
import { saveCredentials } from '../../../../src/store/credentials.ts';
import { openDatabase } from '../../../../src/store/database.ts';
import { createTokenCipher, generateEncryptionKey } from '../../../../src/store/token-cipher.ts';
import { installTenant } from '../../../store/fixtures.ts';
import { answerContactSearch, portalContacts } from './contact-search-stand-in.ts';

const run = promisify(execFile);
const ACCESS_TOKEN = 'access-token-for-the-cli-test';
const contacts = portalContacts({ spread: 90, burst: 60, until: Date.now() - 60_000 });

/**
 * The command as an operator runs it: a separate Node process on an embedded data directory,
 * calling a HubSpot stand-in on 127.0.0.1 (nock cannot reach into a child process).
 */
describe('npm run baton -- backfill hubspot', () => {
  const key = generateEncryptionKey();
  const authorizations: string[] = [];
  let dataDir = '';
  let portal = '';
  let server: Server;
  let apiBaseUrl = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-backfill-cli-'));
    const database = await openDatabase({ dataDir });
    const tenant = await installTenant(database.db);
    portal = tenant.externalId;
    await saveCredentials(
      database.db,
      createTokenCipher(key),
      tenant.id,
      {
        accessToken: ACCESS_TOKEN,
        refreshToken: 'refresh-token-for-the-cli-test',
        expiresAt: new Date(Date.now() + 3_600_000),
        scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
      },
      new Date(),
    );
    await database.close();

    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        authorizations.push(request.headers.authorization ?? '');
        const [status, body] =
          request.method === 'POST' && request.url === CONTACT_SEARCH_PATH
            ? answerContactSearch(JSON.parse(Buffer.concat(chunks).toString('utf8')), contacts, 10_000)
            : [404, { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'no such route' }];
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function baton(...args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, ['src/cli/main.ts', ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          BATON_DATA_DIR: dataDir,
          TOKEN_ENCRYPTION_KEY: key,
          HUBSPOT_CLIENT_ID: 'client-id',
          HUBSPOT_CLIENT_SECRET: 'client-secret',
          HUBSPOT_API_BASE_URL: apiBaseUrl,
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('imports the portal, prints plain progress lines on a non-terminal stderr, then says it is finished', async () => {
    const first = await baton('backfill', 'hubspot', '--portal', portal);
    expect(first.stderr).toContain(`backfill portal ${portal}: 100% 150/150 contacts`);
    expect(first.stdout).toContain(
      `Backfill of HubSpot portal ${portal} finished: 150 of 150 contacts in 2 searches over 1 date slice.`,
    );
    expect(first.code).toBe(0);
    expect(authorizations).toEqual([`Bearer ${ACCESS_TOKEN}`, `Bearer ${ACCESS_TOKEN}`]);
    expect(first.stderr).not.toContain(ACCESS_TOKEN);

    const second = await baton('backfill', 'hubspot', '--portal', portal);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`The backfill of HubSpot portal ${portal} already finished on`);
    expect(second.stdout).toContain('(150 contacts imported). Run with --restart to import again.');
    expect(authorizations).toHaveLength(2);

    const restarted = await baton('backfill', 'hubspot', '--portal', portal, '--restart');
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toContain('finished: 150 of 150 contacts');
    expect(authorizations).toHaveLength(4);
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    const notDigits = await baton('backfill', 'hubspot', '--portal', 'acme');
    expect(notDigits.code).toBe(2);
    expect(notDigits.stderr).toContain('--portal must be a HubSpot portal id (digits only)');

    const unknown = await baton('backfill', 'hubspot', '--portal', '999999999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('HubSpot portal 999999999 has not installed Baton');

    const otherCrm = await baton('backfill', 'pipedrive', '--portal', portal);
    expect(otherCrm.code).toBe(2);
    expect(otherCrm.stderr).toContain('backfill supports hubspot, salesforce: backfill <crm> --account <id>');
  });
});
