import type { Row } from './field-values.ts';
import type { Actor, StoredRecord } from './object-rules.ts';
import type { KeyedObject } from './record-ids.ts';
import type { SaveError } from './salesforce-errors.ts';

export interface RecordChange {
  readonly sequence: number;
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly objectType: string;
  readonly id: string;
  /** New values of the fields that changed (every field set, on create). */
  readonly changed: Readonly<Row>;
  /** The same fields' values before the change. */
  readonly previous: Readonly<Row>;
  /** Record time, epoch ms. */
  readonly at: number;
  readonly userId: string;
  /** `client` of the caller's `Sforce-Call-Options` (e.g. `Baton`); null for changes made in the org. */
  readonly client: string | null;
}

export type SaveOutcome =
  | { readonly ok: true; readonly id: string; readonly change: RecordChange }
  | { readonly ok: false; readonly errors: readonly SaveError[] };

/** A checked save, applied only by `commit` (so an all-or-none request can check every record first). */
export type PreparedSave =
  | { readonly ok: true; readonly id: string | null; commit(): SaveOutcome & { readonly ok: true } }
  | { readonly ok: false; readonly id: string | null; readonly errors: readonly SaveError[] };

export interface OrgStore {
  prepareCreate(objectType: string, body: Readonly<Record<string, unknown>>, actor: Actor): PreparedSave;
  prepareUpdate(
    objectType: string,
    id: string,
    body: Readonly<Record<string, unknown>>,
    actor: Actor,
  ): PreparedSave;
  /** Writes stored values as the org itself would (conversion, directory data), unchecked. */
  insertTrusted(objectType: KeyedObject, values: Row, actor: Actor): RecordChange;
  applyTrusted(id: string, values: Row, actor: Actor): RecordChange;
  /**
   * Deletes a record (IsDeleted, kept for queryAll) with the children the org deletes with it.
   * `values` are what the org sets as it deletes, e.g. MasterRecordId on a merge.
   */
  remove(id: string, actor: Actor, values?: Row): SaveOutcome;
  /** A record by id in either form, deleted ones included (flagged). */
  get(id: string): StoredRecord | undefined;
  rows(objectType: string, options?: { readonly includeDeleted?: boolean }): Row[];
}
