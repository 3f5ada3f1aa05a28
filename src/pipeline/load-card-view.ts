import { buildCardView } from '../core/card/build-card-view.ts';
import type { CardView } from '../core/card/card-view.ts';
import { replayLedger } from '../core/journey/replay-ledger.ts';
import type { Db, Tx } from '../store/database.ts';
import { getDefinition } from '../store/definitions.ts';
import { readLedger } from '../store/ledger.ts';
import { getQualificationResult } from '../store/qualification-results.ts';
import { getSnapshot } from '../store/snapshots.ts';
import type { Tenant } from '../store/tenants.ts';
import { listTouches } from '../store/touches.ts';
import { loadTenantConfig } from './tenant-config.ts';

/**
 * Everything one record card shows, read for one tenant only: every query below is scoped by the
 * tenant, so a card request can never see another tenant's record with the same id.
 */
export async function loadCardView(
  db: Db | Tx,
  tenant: Tenant,
  objectType: string,
  recordId: string,
  now: Date,
  people?: Readonly<Record<string, string>>,
): Promise<CardView> {
  const [config, ledger, snapshot, touches, qualification] = await Promise.all([
    loadTenantConfig(db, tenant),
    readLedger(db, tenant.id, recordId),
    getSnapshot(db, tenant.id, objectType, recordId),
    listTouches(db, tenant.id, recordId),
    getQualificationResult(db, tenant.id, recordId),
  ]);
  const state = replayLedger(
    recordId,
    ledger,
    snapshot
      ? { crm: tenant.crm, recordId, properties: snapshot.properties, observedAt: snapshot.observedAt }
      : null,
    config.mapping,
  );
  // The version the record was judged by may have been retired since; its name still explains the verdict.
  const judgedBy = qualification
    ? await getDefinition(
        db,
        tenant.id,
        qualification.result.definitionKey,
        qualification.result.definitionVersion,
      )
    : null;
  const definitionName = typeof judgedBy?.body.name === 'string' ? judgedBy.body.name : null;
  return buildCardView({
    model: config.model,
    state,
    ledger,
    touches,
    qualification: qualification
      ? { result: qualification.result, definitionName, evaluatedAt: qualification.evaluatedAt }
      : null,
    reasonCodes: config.reasonCodes,
    channels: config.channels,
    ...(people ? { people } : {}),
    now: now.getTime(),
  });
}
