import type { Connection } from 'jsforce';
import type { Logger } from '../../../log.ts';

const ORG_NAME_QUERY = new URLSearchParams({ q: 'SELECT Name FROM Organization LIMIT 1' }).toString();
const ORG_NAME_TIMEOUT_MS = 5_000;

/**
 * A new tenant's name: the org's own, from the one Organization row every org has, or its
 * instance host when that read fails. A name is worth one quick call, never a slow or failed
 * install, so the read is neither retried (jsforce retries GETs five times) nor waited on long.
 */
export async function orgNameOf(conn: Connection, instanceUrl: string, logger: Logger): Promise<string> {
  try {
    const result = await conn.request<{ records?: readonly { Name?: unknown }[] }>(
      { method: 'GET', url: `/query?${ORG_NAME_QUERY}` },
      { retry: { maxRetries: 0 }, timeout: ORG_NAME_TIMEOUT_MS },
    );
    const name = result.records?.[0]?.Name;
    if (typeof name === 'string' && name.trim().length > 0) return name.trim().slice(0, 200);
  } catch (error) {
    logger.warn({ err: error }, 'could not read the Salesforce org name; naming the tenant by its host');
  }
  return new URL(instanceUrl).host;
}
