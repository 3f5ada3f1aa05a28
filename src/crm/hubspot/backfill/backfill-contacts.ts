import { applySyncBatch } from '../../../pipeline/apply-sync-batch.ts';
import { loadTenantConfig } from '../../../pipeline/tenant-config.ts';
import {
  type BackfillRun,
  getBackfillRun,
  saveBackfillProgress,
  startBackfillRun,
} from '../../../store/backfill-runs.ts';
import { grantedScopes } from '../../../store/credentials.ts';
import type { Db } from '../../../store/database.ts';
import type { Tenant } from '../../../store/tenants.ts';
import type { HubSpotHttp } from '../api/hubspot-http.ts';
import { createHubSpotRecordsApi } from '../api/hubspot-records-api.ts';
import { HUBSPOT_DEFAULTS } from '../defaults/hubspot-defaults.ts';
import { splitPropertiesToRead } from '../hubspot-leads.ts';
import { HUBSPOT_LEADS_READ_SCOPE } from '../oauth/hubspot-oauth-config.ts';
import { readLeadFactsOfContacts } from '../sync/contact-lead-facts.ts';
import { contactChanges } from '../sync/hubspot-event-handler.ts';
import { HUBSPOT_SYNC_KEYS } from '../sync/hubspot-sync.ts';
import { hubSpotPropertiesToRead } from '../sync/properties-to-read.ts';
import { halve, SEARCH_RESULT_CAP, wholeHistory } from './contact-slices.ts';
import { searchContactsPage } from './search-contacts.ts';

const CONTACTS = 'contacts';

export type BackfillOutcome =
  | { readonly kind: 'already_finished'; readonly run: BackfillRun }
  | { readonly kind: 'finished'; readonly run: BackfillRun; readonly resumed: boolean }
  | { readonly kind: 'interrupted'; readonly run: BackfillRun };

export interface BackfillDeps {
  readonly db: Db;
  readonly http: HubSpotHttp;
  readonly clock?: () => Date;
  /** Results one search can page through; HubSpot's is 10 000 (tests use a smaller one). */
  readonly resultCap?: number;
  /** Called with the run as stored: once before the first search, then after every step. */
  readonly onProgress?: (run: BackfillRun) => void;
  /** Stops between pages: the page in hand is committed first, so a re-run continues after it. */
  readonly signal?: AbortSignal;
}

/**
 * Imports every contact of an active HubSpot tenant created before the run began, with the Lead
 * each holds when the portal has Leads (see `readLeadFactsOfContacts`). Each search
 * page runs through the webhook sync's own `applySyncBatch` (snapshots, core, ledger, write-back queued
 * for changed `baton_` properties) in one transaction with the run's new position, so a page is
 * imported and passed together or not at all; a re-run continues at the first page not passed.
 * A slice HubSpot counts above the search cap is halved by creation date before any of it is
 * imported. Ledger and write-back dedupe keys make a contact seen twice (paging offsets shift when
 * contacts are deleted mid-run) a no-op.
 */
export async function backfillHubSpotContacts(
  deps: BackfillDeps,
  tenant: Tenant,
  options: { readonly restart: boolean },
): Promise<BackfillOutcome> {
  const { db, http } = deps;
  const clock = deps.clock ?? (() => new Date());
  const cap = deps.resultCap ?? SEARCH_RESULT_CAP;
  const stored = await getBackfillRun(db, tenant.id, CONTACTS);
  if (stored?.finishedAt && !options.restart) return { kind: 'already_finished', run: stored };
  const resumed = stored !== null && !options.restart;
  let run =
    stored && !options.restart
      ? stored
      : await startBackfillRun(db, tenant.id, CONTACTS, [wholeHistory(clock())], clock());

  const config = await loadTenantConfig(db, tenant, HUBSPOT_DEFAULTS);
  const properties = splitPropertiesToRead(hubSpotPropertiesToRead(config));
  // Leads made before the install get no webhook: the import reads each page's Leads itself,
  // where the portal has the Lead object and granted Baton the scope to read it.
  const readsLeads = (await grantedScopes(db, tenant.id))?.includes(HUBSPOT_LEADS_READ_SCOPE) ?? false;
  const records = createHubSpotRecordsApi(http);
  deps.onProgress?.(run);

  for (;;) {
    const [slice, ...rest] = run.slices;
    if (!slice) return { kind: 'finished', run, resumed };
    if (deps.signal?.aborted) return { kind: 'interrupted', run };
    const page = await searchContactsPage(http, tenant.id, slice, run.after, properties.contact);
    const counted = {
      requests: run.requests + 1,
      // The first search covers the whole history: its total is what the run will import.
      expectedTotal: run.expectedTotal ?? page.total,
      imported: run.imported,
      slicesDone: run.slicesDone,
    };
    if (run.after === null && page.total > cap) {
      const progress = { ...counted, slices: [...halve(slice, page.total), ...rest], after: null };
      run = await saveBackfillProgress(db, run, progress, clock());
    } else {
      const current = run;
      const leadFactsByContact = readsLeads
        ? await readLeadFactsOfContacts(records, tenant.id, [...page.records.keys()], properties.lead)
        : new Map();
      const now = clock();
      const sliceDone = page.after === null;
      run = await db.transaction(async (tx) => {
        const changes = contactChanges(config, page.records, leadFactsByContact);
        await applySyncBatch(
          tx,
          { tenant, config, sync: HUBSPOT_SYNC_KEYS },
          { changes, purges: [], merges: [] },
          now,
        );
        return saveBackfillProgress(
          tx,
          current,
          {
            ...counted,
            imported: current.imported + page.records.size,
            slices: sliceDone ? rest : current.slices,
            after: page.after,
            slicesDone: current.slicesDone + (sliceDone ? 1 : 0),
          },
          now,
        );
      });
    }
    deps.onProgress?.(run);
  }
}
