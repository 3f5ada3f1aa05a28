import type { Actor } from './object-rules.ts';
import type { OrgStore, PreparedSave } from './org-store.ts';
import { type SaveError, saveError } from './salesforce-errors.ts';

/** One record's answer, as sObject Collections and single-record DML give it. */
export interface SaveResult {
  readonly id?: string;
  readonly success: boolean;
  readonly errors: readonly SaveError[];
}

export type SaveRequest =
  | { readonly kind: 'create'; readonly objectType: string; readonly body: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'update';
      readonly objectType: string;
      readonly id: string;
      readonly body: Readonly<Record<string, unknown>>;
    };

const ROLLED_BACK = saveError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

/** A record refused before it reached the save (no id on an update, a type the API does not write). */
export interface RefusedRecord {
  readonly refused: SaveResult;
}

/**
 * Saves records in order. Without allOrNone each stands alone; with it every record is checked
 * first and nothing is written unless all pass (the others then answer ALL_OR_NONE_OPERATION_ROLLED_BACK).
 */
export function saveRecords(
  store: OrgStore,
  planned: readonly (SaveRequest | RefusedRecord)[],
  allOrNone: boolean,
  actor: Actor,
): SaveResult[] {
  const prepare = (item: SaveRequest | RefusedRecord): PreparedSave | RefusedRecord => {
    if ('refused' in item) return item;
    return item.kind === 'create'
      ? store.prepareCreate(item.objectType, item.body, actor)
      : store.prepareUpdate(item.objectType, item.id, item.body, actor);
  };
  const failure = (item: RefusedRecord | (PreparedSave & { ok: false })): SaveResult =>
    'refused' in item ? item.refused : { success: false, errors: item.errors };

  if (!allOrNone) {
    return planned.map((item) => {
      const prepared = prepare(item);
      if ('refused' in prepared || !prepared.ok) return failure(prepared);
      return { id: prepared.commit().id, success: true, errors: [] };
    });
  }
  const prepared = planned.map(prepare);
  const passed = prepared.filter(
    (item): item is PreparedSave & { ok: true } => !('refused' in item) && item.ok,
  );
  if (passed.length < prepared.length) {
    return prepared.map((item) =>
      'refused' in item || !item.ok ? failure(item) : { success: false, errors: [ROLLED_BACK] },
    );
  }
  return passed.map((save) => ({ id: save.commit().id, success: true, errors: [] }));
}
