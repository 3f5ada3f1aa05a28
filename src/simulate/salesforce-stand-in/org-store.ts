import { childRelationshipsOf } from './child-relationships.ts';
import { checkFieldValues, missingRequiredFields, type Row } from './field-values.ts';
import {
  type Actor,
  checkReferences,
  createDefaults,
  derivedFields,
  type RuleContext,
  refusedUpdate,
  type StoredRecord,
  sameValue,
} from './object-rules.ts';
import type { OrgSchema, SObjectSchema } from './org-schema.ts';
import type { OrgStore, RecordChange } from './org-store-types.ts';
import { canonicalId, type IdFactory, type KeyedObject } from './record-ids.ts';
import { saveError } from './salesforce-errors.ts';

export type { OrgStore, PreparedSave, RecordChange, SaveOutcome } from './org-store-types.ts';

export function createOrgStore(options: {
  readonly schema: OrgSchema;
  readonly ids: IdFactory;
  /** Record time, epoch ms: CreatedDate, LastModifiedDate, SystemModstamp. */
  readonly now: () => number;
  readonly defaultLeadStatus: () => string | undefined;
  readonly publish: (change: RecordChange) => void;
}): OrgStore {
  const { schema } = options;
  const records = new Map<string, { objectType: string; row: Row; deleted: boolean }>();
  const tables = new Map<string, Map<string, Row>>();
  let sequence = 0;

  const get = (id: string): StoredRecord | undefined => {
    const canonical = canonicalId(id);
    return canonical === null ? undefined : records.get(canonical);
  };
  const context = (actor: Actor): RuleContext => ({
    schema,
    lookup: get,
    actor,
    defaultLeadStatus: options.defaultLeadStatus,
  });
  const objectOf = (objectType: string): SObjectSchema => {
    const object = schema.object(objectType);
    if (!object) throw new Error(`The stand-in org has no object ${objectType}.`);
    return object;
  };
  const keep = (objectType: string, id: string, row: Row, deleted = false) => {
    records.set(id, { objectType, row, deleted });
    let table = tables.get(objectType);
    if (!table) {
      table = new Map();
      tables.set(objectType, table);
    }
    table.set(id, row);
  };
  const stamp = (actor: Actor, created: boolean): Row => {
    const at = options.now();
    const audit: Row = { LastModifiedDate: at, LastModifiedById: actor.userId, SystemModstamp: at };
    return created ? { ...audit, CreatedDate: at, CreatedById: actor.userId, IsDeleted: false } : audit;
  };
  const publish = (change: Omit<RecordChange, 'sequence'>): RecordChange => {
    sequence += 1;
    const published = { ...change, sequence };
    options.publish(published);
    return published;
  };
  const changeBetween = (before: Row, after: Row) => {
    const changed: Row = {};
    const previous: Row = {};
    for (const [name, value] of Object.entries(after)) {
      if (sameValue(before[name], value)) continue;
      changed[name] = value;
      previous[name] = before[name] ?? null;
    }
    return { changed, previous };
  };
  const create = (objectType: string, values: Row, actor: Actor): RecordChange => {
    // Trusted inserts may bring their id (a scenario names its users); everything else gets the next one.
    const id = typeof values.Id === 'string' ? values.Id : options.ids.next(objectType as KeyedObject);
    if (records.has(id)) throw new Error(`The stand-in org already has a record ${id}.`);
    const object = objectOf(objectType);
    const row: Row = { ...createDefaults(object, context(actor)), ...values, Id: id, ...stamp(actor, true) };
    Object.assign(row, derivedFields(objectType, row));
    keep(objectType, id, row);
    const changed = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
    return publish({
      kind: 'created',
      objectType,
      id,
      changed,
      previous: {},
      at: Number(row.CreatedDate),
      userId: actor.userId,
      client: actor.client,
    });
  };
  const apply = (id: string, values: Row, actor: Actor): RecordChange => {
    const current = records.get(id);
    if (!current) throw new Error(`The stand-in org has no record ${id}.`);
    const next: Row = { ...current.row, ...values };
    Object.assign(next, derivedFields(current.objectType, next));
    const { changed, previous } = changeBetween(current.row, next);
    // Salesforce stamps every save, even one that changes no value.
    Object.assign(next, stamp(actor, false));
    keep(current.objectType, id, next);
    return publish({
      kind: 'updated',
      objectType: current.objectType,
      id,
      changed,
      previous,
      at: Number(next.SystemModstamp),
      userId: actor.userId,
      client: actor.client,
    });
  };

  const remove: OrgStore['remove'] = (rawId, actor, values = {}) => {
    const id = canonicalId(rawId);
    const current = id === null ? undefined : records.get(id);
    if (!id || !current) {
      return {
        ok: false,
        errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')],
      };
    }
    if (current.deleted) return { ok: false, errors: [saveError('ENTITY_IS_DELETED', 'entity is deleted')] };
    const row: Row = { ...current.row, ...values, IsDeleted: true, ...stamp(actor, false) };
    keep(current.objectType, id, row, true);
    const { changed, previous } = changeBetween(current.row, { ...values, IsDeleted: true });
    const change = publish({
      kind: 'deleted',
      objectType: current.objectType,
      id,
      changed,
      previous,
      at: Number(row.SystemModstamp),
      userId: actor.userId,
      client: actor.client,
    });
    for (const relationship of childRelationshipsOf(current.objectType)) {
      if (!relationship.cascadeDelete) continue;
      const children = tables.get(relationship.childObject)?.values() ?? [];
      for (const child of [...children]) {
        if (child[relationship.field] === id && child.IsDeleted !== true) remove(String(child.Id), actor);
      }
    }
    return { ok: true, id, change };
  };

  return {
    prepareCreate(objectType, body, actor) {
      const object = objectOf(objectType);
      const { accepted, errors } = checkFieldValues(schema, object, body, 'create');
      const missing = missingRequiredFields(object, accepted).filter(
        (name) => !errors.some((error) => error.fields.includes(name)),
      );
      if (missing.length > 0) {
        errors.push(
          saveError(
            'REQUIRED_FIELD_MISSING',
            `Required fields are missing: [${missing.join(', ')}]`,
            missing,
          ),
        );
      }
      errors.push(...checkReferences(object, accepted, context(actor)));
      if (errors.length > 0) return { ok: false, id: null, errors };
      return {
        ok: true,
        id: null,
        commit() {
          const change = create(object.name, accepted, actor);
          return { ok: true, id: change.id, change };
        },
      };
    },
    prepareUpdate(objectType, rawId, body, actor) {
      const object = objectOf(objectType);
      const id = canonicalId(rawId);
      if (id === null)
        return { ok: false, id: rawId, errors: [saveError('MALFORMED_ID', `malformed id ${rawId}`)] };
      if (!id.startsWith(object.keyPrefix ?? '')) {
        return {
          ok: false,
          id,
          errors: [
            saveError('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']),
          ],
        };
      }
      const current = records.get(id);
      if (!current) {
        return {
          ok: false,
          id,
          errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')],
        };
      }
      if (current.deleted)
        return { ok: false, id, errors: [saveError('ENTITY_IS_DELETED', 'entity is deleted')] };
      const refused = refusedUpdate(object.name, current.row);
      if (refused) return { ok: false, id, errors: [refused] };
      const { accepted, errors } = checkFieldValues(schema, object, body, 'update');
      errors.push(...checkReferences(object, accepted, context(actor)));
      if (errors.length > 0) return { ok: false, id, errors };
      return {
        ok: true,
        id,
        commit() {
          const change = apply(id, accepted, actor);
          return { ok: true, id, change };
        },
      };
    },
    insertTrusted: (objectType, values, actor) => create(objectType, values, actor),
    applyTrusted: (id, values, actor) => apply(canonicalId(id) ?? id, values, actor),
    remove,
    get,
    rows(objectType, rowOptions = {}) {
      const table = tables.get(objectType);
      if (!table) return [];
      const all = [...table.values()];
      return rowOptions.includeDeleted ? all : all.filter((row) => row.IsDeleted !== true);
    },
  };
}
