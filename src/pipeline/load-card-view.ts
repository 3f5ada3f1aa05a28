import { buildCardView } from '../core/card/build-card-view.ts';
import type { CardView } from '../core/card/card-view.ts';
import { replayLedger } from '../core/journey/replay-ledger.ts';
import type { Db, Tx } from '../store/database.ts';
import { type DefinitionVersion, getDefinition } from '../store/definitions.ts';
import { getFrozenVerdicts } from '../store/frozen-verdicts.ts';
import { readLedgers } from '../store/ledger.ts';
import { getQualificationResults } from '../store/qualification-results.ts';
import { getSnapshots } from '../store/snapshots.ts';
import type { Tenant } from '../store/tenants.ts';
import { listTouchesOf } from '../store/touches.ts';
import type { CardToWrite } from './crm-port.ts';
import type { TenantConfig } from './tenant-config.ts';

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
  options: CardOptions,
): Promise<CardView> {
  const views = await loadCardViews(db, tenant, objectType, [recordId], now, options);
  const view = views.get(recordId);
  if (!view) throw new Error(`no card view was built for record ${recordId}`);
  return view;
}

export interface CardOptions {
  /** The tenant's configuration, loaded by the caller (`loadTenantConfig`) once for many cards. */
  readonly config: TenantConfig;
  readonly people?: Readonly<Record<string, string>>;
}

/** The cards of many records of one tenant; see `loadCardsToWrite`. */
export async function loadCardViews(
  db: Db | Tx,
  tenant: Tenant,
  objectType: string,
  recordIds: readonly string[],
  now: Date,
  options: CardOptions,
): Promise<Map<string, CardView>> {
  const cards = await loadCardsToWrite(db, tenant, objectType, recordIds, now, options);
  return new Map([...cards].map(([id, card]) => [id, card.view]));
}

/**
 * The cards of many records of one tenant with one query per table, for the write-back of a
 * whole batch, each with the properties Baton last stored for the record (what the CRM holds,
 * as far as Baton knows). Pass the tenant's configuration when the caller has it loaded already.
 */
export async function loadCardsToWrite(
  db: Db | Tx,
  tenant: Tenant,
  objectType: string,
  recordIds: readonly string[],
  now: Date,
  options: CardOptions,
): Promise<Map<string, CardToWrite>> {
  const ids = [...new Set(recordIds)];
  const { config } = options;
  const [ledgers, snapshots, touches, qualifications, frozen] = await Promise.all([
    readLedgers(db, tenant.id, ids),
    getSnapshots(db, tenant.id, objectType, ids),
    listTouchesOf(db, tenant.id, ids),
    getQualificationResults(db, tenant.id, ids),
    getFrozenVerdicts(db, tenant.id, ids),
  ]);
  const snapshotOf = new Map(snapshots.map((s) => [s.recordId, s]));
  const names = await definitionNames(
    db,
    tenant.id,
    [...qualifications.values(), ...[...frozen.values()].flat()].map((q) => q.result),
  );
  const nameOf = (result: { readonly definitionKey: string; readonly definitionVersion: number }) =>
    names.get(versionKey(result.definitionKey, result.definitionVersion)) ?? null;
  const cards = new Map<string, CardToWrite>();
  for (const recordId of ids) {
    const ledger = ledgers.get(recordId) ?? [];
    const snapshot = snapshotOf.get(recordId);
    const qualification = qualifications.get(recordId);
    const state = replayLedger(
      recordId,
      ledger,
      snapshot ? { recordId, properties: snapshot.properties, observedAt: snapshot.observedAt } : null,
      config.mapping,
    );
    const view = buildCardView({
      model: config.model,
      state,
      ledger,
      touches: touches.get(recordId) ?? [],
      qualification: qualification
        ? {
            result: qualification.result,
            definitionName: nameOf(qualification.result),
            evaluatedAt: qualification.evaluatedAt,
          }
        : null,
      frozen: (frozen.get(recordId) ?? []).map((f) => ({
        occasion: f.occasion,
        occurredAt: f.occurredAt,
        result: f.result,
        definitionName: nameOf(f.result),
      })),
      reasonCodes: config.reasonCodes,
      channels: config.channels,
      ...(options.people ? { people: options.people } : {}),
      now: now.getTime(),
    });
    cards.set(recordId, { view, stored: snapshot?.properties ?? {} });
  }
  return cards;
}

const versionKey = (key: string, version: number) => `${key}@${version}`;

/**
 * The names of the definition versions records were judged by; a version may have been retired
 * since, and its name still explains the verdict. Few distinct versions per batch, one read each.
 */
async function definitionNames(
  db: Db | Tx,
  tenantId: string,
  judgedBy: readonly { readonly definitionKey: string; readonly definitionVersion: number }[],
): Promise<Map<string, string>> {
  const distinct = new Map(judgedBy.map((j) => [versionKey(j.definitionKey, j.definitionVersion), j]));
  const names = new Map<string, string>();
  for (const [key, { definitionKey, definitionVersion }] of distinct) {
    const definition: DefinitionVersion | null = await getDefinition(
      db,
      tenantId,
      definitionKey,
      definitionVersion,
    );
    if (typeof definition?.body.name === 'string') names.set(key, definition.body.name);
  }
  return names;
}
