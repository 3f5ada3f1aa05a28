import type { PropertyRegistry } from './property-registry.ts';
import { checkPropertyValues, type PropertyProblem, type PropertyWriter } from './property-values.ts';

/** Where a change came from, as HubSpot's webhooks report it. */
export interface ChangeOrigin {
  /** e.g. `CRM_UI`, `FORM`, `IMPORT`, `AUTOMATION`, or `INTEGRATION` for an app's API writes. */
  readonly changeSource: string;
  /** For `INTEGRATION`, the app id; for a user, `userId:<id>`. */
  readonly sourceId?: string;
}

export interface ContactRecord {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type PortalChange =
  | {
      readonly kind: 'creation';
      readonly contactId: string;
      readonly properties: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'propertyChange';
      readonly contactId: string;
      readonly changed: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'merge';
      readonly contactId: string;
      readonly mergedId: string;
      readonly propertiesMoved: number;
    }
  | { readonly kind: 'deletion' | 'privacyDeletion'; readonly contactId: string };

/** A change with when (record time, epoch ms) and by whom. */
export type PublishedChange = PortalChange & { readonly at: number; readonly origin: ChangeOrigin };

export type WriteOutcome =
  | { readonly ok: true; readonly record: ContactRecord }
  | { readonly ok: false; readonly reason: 'invalid'; readonly problems: readonly PropertyProblem[] }
  | { readonly ok: false; readonly reason: 'missing' | 'duplicate'; readonly message: string };

export interface ContactStore {
  create(
    values: Readonly<Record<string, string>>,
    writer: PropertyWriter,
    origin: ChangeOrigin,
  ): WriteOutcome;
  update(
    id: string,
    values: Readonly<Record<string, string>>,
    writer: PropertyWriter,
    origin: ChangeOrigin,
  ): WriteOutcome;
  merge(primaryId: string, mergedId: string, origin: ChangeOrigin): WriteOutcome;
  remove(id: string, origin: ChangeOrigin, privacy: boolean): WriteOutcome;
  get(id: string): ContactRecord | undefined;
  archived(id: string): ContactRecord | undefined;
  findByEmail(email: string): ContactRecord | undefined;
  all(): ContactRecord[];
}

export interface ContactStoreOptions {
  readonly registry: PropertyRegistry;
  readonly isOwner: (id: string) => boolean;
  /** Record time, epoch ms: createdate, lastmodifieddate and each change's occurredAt. */
  readonly now: () => number;
  readonly publish: (change: PublishedChange) => void;
}

export function createContactStore(options: ContactStoreOptions): ContactStore {
  const live = new Map<string, ContactRecord>();
  const archived = new Map<string, ContactRecord>();
  let nextId = 100_001;

  const byEmail = new Map<string, string>();
  const emailKey = (email: string) => email.trim().toLowerCase();
  const keep = (record: ContactRecord) => {
    const previous = live.get(record.id)?.properties.email;
    if (previous) byEmail.delete(emailKey(previous));
    live.set(record.id, record);
    if (record.properties.email) byEmail.set(emailKey(record.properties.email), record.id);
  };
  const drop = (id: string) => {
    const email = live.get(id)?.properties.email;
    if (email) byEmail.delete(emailKey(email));
    live.delete(id);
  };
  const findByEmail = (email: string) => {
    const id = byEmail.get(emailKey(email));
    return id === undefined ? undefined : live.get(id);
  };
  const check = (
    values: Readonly<Record<string, string>>,
    writer: PropertyWriter,
    current: ContactRecord | undefined,
  ) =>
    checkPropertyValues(values, {
      definitionOf: (name) => options.registry.property('contacts', name),
      isOwner: options.isOwner,
      writer,
      current: current?.properties ?? {},
    });
  const emailTaken = (accepted: Record<string, string>, id: string | undefined) => {
    const holder = accepted.email ? findByEmail(accepted.email) : undefined;
    return holder && holder.id !== id ? holder : undefined;
  };

  return {
    create(values, writer, origin) {
      const { accepted, problems } = check(values, writer, undefined);
      if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
      const holder = emailTaken(accepted, undefined);
      if (holder)
        return {
          ok: false,
          reason: 'duplicate',
          message: `Contact already exists. Existing ID: ${holder.id}`,
        };
      const at = options.now();
      const id = String(nextId++);
      const set = Object.fromEntries(Object.entries(accepted).filter(([, value]) => value !== ''));
      const stamp = new Date(at).toISOString();
      const record: ContactRecord = {
        id,
        properties: {
          ...set,
          ...derived({}, set, stamp),
          hs_object_id: id,
          createdate: stamp,
          lastmodifieddate: stamp,
        },
        createdAt: at,
        updatedAt: at,
      };
      keep(record);
      options.publish({ kind: 'creation', contactId: id, properties: set, at, origin });
      return { ok: true, record };
    },
    update(id, values, writer, origin) {
      const current = live.get(id);
      if (!current) return { ok: false, reason: 'missing', message: `No contact with id ${id}.` };
      const { accepted, problems } = check(values, writer, current);
      if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
      const holder = emailTaken(accepted, id);
      if (holder)
        return {
          ok: false,
          reason: 'duplicate',
          message: `Contact already exists. Existing ID: ${holder.id}`,
        };
      // HubSpot records no change, and sends no webhook, for a value written again unchanged.
      const changed = Object.fromEntries(
        Object.entries(accepted).filter(([name, value]) => (current.properties[name] ?? '') !== value),
      );
      if (Object.keys(changed).length === 0) return { ok: true, record: current };
      const at = options.now();
      const stamp = new Date(at).toISOString();
      const properties = {
        ...current.properties,
        ...changed,
        ...derived(current.properties, changed, stamp),
      };
      for (const [name, value] of Object.entries(changed)) if (value === '') delete properties[name];
      const record: ContactRecord = {
        ...current,
        properties: { ...properties, lastmodifieddate: stamp },
        updatedAt: at,
      };
      keep(record);
      options.publish({ kind: 'propertyChange', contactId: id, changed, at, origin });
      return { ok: true, record };
    },
    merge(primaryId, mergedId, origin) {
      const [primary, merged] = [live.get(primaryId), live.get(mergedId)];
      if (!primary || !merged || primaryId === mergedId) {
        return { ok: false, reason: 'missing', message: `Cannot merge ${mergedId} into ${primaryId}.` };
      }
      const moved = Object.fromEntries(
        Object.entries(merged.properties).filter(([name]) => primary.properties[name] === undefined),
      );
      const at = options.now();
      const mergedIds = [primary.properties.hs_merged_object_ids, mergedId].filter(Boolean).join(';');
      const record: ContactRecord = {
        ...primary,
        properties: {
          ...moved,
          ...primary.properties,
          hs_merged_object_ids: mergedIds,
          lastmodifieddate: new Date(at).toISOString(),
        },
        updatedAt: at,
      };
      drop(mergedId);
      keep(record);
      const propertiesMoved = Object.keys(moved).length;
      options.publish({ kind: 'merge', contactId: primaryId, mergedId, propertiesMoved, at, origin });
      return { ok: true, record };
    },
    remove(id, origin, privacy) {
      const current = live.get(id);
      if (!current) return { ok: false, reason: 'missing', message: `No contact with id ${id}.` };
      drop(id);
      // A privacy deletion erases the person; an ordinary deletion can be restored for 90 days.
      if (!privacy) archived.set(id, current);
      options.publish({
        kind: privacy ? 'privacyDeletion' : 'deletion',
        contactId: id,
        at: options.now(),
        origin,
      });
      return { ok: true, record: current };
    },
    get: (id) => live.get(id),
    archived: (id) => archived.get(id),
    findByEmail,
    all: () => [...live.values()],
  };
}

/** Properties HubSpot maintains itself when others change. */
function derived(
  before: Readonly<Record<string, string>>,
  changed: Readonly<Record<string, string>>,
  stamp: string,
): Record<string, string> {
  const extra: Record<string, string> = {};
  const stage = changed.lifecyclestage;
  if (stage && !before[`hs_lifecyclestage_${stage}_date`]) extra[`hs_lifecyclestage_${stage}_date`] = stamp;
  if (changed.hubspot_owner_id) extra.hubspot_owner_assigneddate = stamp;
  return extra;
}
