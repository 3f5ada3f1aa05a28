import { inArray } from 'drizzle-orm';
import type { Db } from './database.ts';
import { hubspotV3Portals } from './schema.ts';

/** Of these portals, the ones whose deliveries have already arrived v3-signed. */
export async function findV3Portals(db: Db, portalIds: readonly string[]): Promise<Set<string>> {
  if (portalIds.length === 0) return new Set();
  const rows = await db
    .select({ portalId: hubspotV3Portals.portalId })
    .from(hubspotV3Portals)
    .where(inArray(hubspotV3Portals.portalId, [...portalIds]));
  return new Set(rows.map((row) => row.portalId));
}

/** Records that these portals' deliveries arrive v3-signed; the first time is kept. */
export async function markV3Portals(db: Db, portalIds: readonly string[], now: Date): Promise<void> {
  if (portalIds.length === 0) return;
  await db
    .insert(hubspotV3Portals)
    .values(portalIds.map((portalId) => ({ portalId, v3Since: now })))
    .onConflictDoNothing();
}
