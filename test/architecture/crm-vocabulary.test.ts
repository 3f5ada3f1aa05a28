import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

async function offending(folders: readonly string[], pattern: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const folder of folders) {
    for (const file of await sourceFiles(folder)) {
      const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return hits;
}

/**
 * A second CRM is one folder under `src/crm/`: nothing below the adapters may know a CRM's field
 * names or call a CRM by name, or that CRM would be wired into the house again. (Migrations are
 * history and may name what they carry over.)
 */
describe('CRM vocabulary stays in the adapters', () => {
  it('the core names no CRM and none of its fields', async () => {
    expect(await offending(['src/core'], /hubspot|salesforce|\bhs_|lifecyclestage|LeadSource/i)).toEqual([]);
  });

  it('the store, pipeline, worker, OAuth and API handlers (reports included) read no CRM field by name', async () => {
    const fieldNames =
      /['"`](lifecyclestage|hubspot_owner_id|hs_[a-z_]+|lead\.[a-z_]+|OwnerId|LeadSource|Status)['"`]|->> '(hs_|lead\.)/;
    expect(
      await offending(['src/store', 'src/pipeline', 'src/worker', 'src/oauth', 'src/api'], fieldNames),
    ).toEqual([]);
  });
});
