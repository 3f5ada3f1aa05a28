import type { Router } from 'express';
import type { CardView } from '../core/card/card-view.ts';
import type { HandoffAction } from '../core/journey/plan-handoff-action.ts';
import type { QualificationDefinition } from '../core/qualification/definition.ts';
import type { PropertyBag } from '../core/record.ts';
import type { BreachStep } from '../core/sla/breach-actions.ts';
import type { Logger } from '../log.ts';
import type { Crm } from '../store/crm-name.ts';
import type { Db, Tx } from '../store/database.ts';
import type { InboxRow } from '../store/inbox-intake.ts';
import type { JsonObject } from '../store/schema.ts';
import type { Tenant } from '../store/tenants.ts';
import type { TokenCipher } from '../store/token-cipher.ts';
import type { HandlerRegistry } from '../worker/handler-registry.ts';
import type { RecordChange } from './apply-record-changes.ts';
import type { TenantConfig, TenantDefaults } from './tenant-config.ts';

/**
 * What a CRM adapter (one folder under `src/crm/`) gives Baton. The adapter reads and writes its
 * CRM; everything between (purge, merge, apply, queueing the write-back, loading card views) is
 * CRM-neutral code in `src/pipeline` and `src/worker`, which know adapters only through this file.
 */
export interface CrmAdapter<Env = unknown> {
  readonly crm: Crm;
  readonly defaults: CrmDefaults;
  /** Builds the adapter's parts for one process, from the environment and shared services. */
  connect(context: CrmContext<Env>): CrmConnection;
  /** `baton backfill <crm> --account <id>`: imports the records an account held before the install. */
  backfill?(run: CrmBackfillRun<Env>, args: CrmBackfillArgs): Promise<{ readonly interrupted: boolean }>;
}

export interface CrmBackfillRun<Env = unknown> {
  readonly env: Env;
  readonly db: Db;
  /** Progress and logs; results go to `out`. */
  readonly err: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly out: { write(text: string): unknown };
  /** Stops after the page in hand is stored, so the next run continues right after it. */
  readonly signal?: AbortSignal;
}

export interface CrmBackfillArgs {
  /** The CRM's own id of the account (a HubSpot portal id, a Salesforce org id of 15 or 18 characters). */
  readonly account: string | undefined;
  /** Starts a finished or stopped run over. */
  readonly restart: boolean;
}

/** What a new tenant of the CRM starts from; the install seeds it, a reinstall keeps its own. */
export interface CrmDefaults extends TenantDefaults {
  /** The draft definition marketing starts from, in the CRM's property names. */
  starterDefinition(change: { readonly actor: string; readonly now: Date }): QualificationDefinition;
  /**
   * Settings a new tenant starts with when it has none of its own, read from its account at
   * install (a Salesforce org's journey mapping of its own Lead statuses).
   */
  readonly seededSettings?: JsonObject;
}

export interface CrmContext<Env = unknown> {
  readonly env: Env;
  readonly db: Db;
  readonly cipher: TokenCipher;
  /** The token encryption key, base64; adapters derive their own keys (OAuth state) from it. */
  readonly encryptionKey: string;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Replaces global fetch for every CRM call (tests, the demo). */
  readonly fetch?: typeof fetch;
  /** How the CRM client waits between its own retries (tests pass a virtual one). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** An adapter's parts, composed once per process. */
export interface CrmConnection {
  /** Install, admin and card routes, mounted before the 404 (webhook intake comes from `webhooks/`). */
  readonly routers: readonly Router[];
  /** Absent when the CRM's credentials are not configured: nothing then calls the CRM. */
  readonly sync: CrmSync | null;
  /** Adds further kinds of inbox work the adapter handles itself. */
  register?(handlers: HandlerRegistry): void;
  /** Periodic work beside the SLA sweep every sync gets; each returns its stop function. */
  readonly schedules?: readonly ((db: Db, logger: Logger) => () => void)[];
  /** Once at start-up, before the worker starts (e.g. queueing the work an upgrade needs). */
  startUp?(): Promise<void>;
  /** How the web console serves this CRM's tenants; its sign-in routes come with `routers`. */
  readonly console?: CrmConsoleDoor;
}

/** A record of one object type, the way pipeline and adapter name it. */
export interface RecordRef {
  readonly objectType: string;
  readonly recordId: string;
}

/** What a batch of CRM notifications asks of Baton, as the adapter read it from the CRM. */
export interface SyncBatch {
  /** Current states to qualify, derive and store; each queues a write-back. */
  readonly changes: readonly RecordChange[];
  /** Records whose data Baton must delete (deletions, privacy deletions). */
  readonly purges: readonly RecordRef[];
  /** Records folded into a survivor: their journey and touches move to it, then they are purged. */
  readonly merges: readonly {
    readonly objectType: string;
    readonly into: string;
    readonly from: readonly string[];
  }[];
  /**
   * Accepts and rejects reps made in the CRM itself (Salesforce's card writes them to a field the
   * read finds), recorded after the changes, each once per request id.
   */
  readonly cardActions?: readonly SyncCardAction[];
}

/** Who accepts or rejects: their id, the CRM owner id they hold leads as, and whether they act for sales. */
export interface HandoffActor {
  readonly id: string;
  readonly ownerId: string | null;
  readonly actsForSales: boolean;
}

/** One accept or reject, as a front door parsed it; `request` is what a retry must repeat exactly. */
export interface CardActionRequest {
  readonly requestId: string;
  readonly action: HandoffAction;
  readonly request: JsonObject;
}

export interface SyncCardAction {
  readonly record: RecordRef;
  readonly actor: HandoffActor;
  readonly request: CardActionRequest;
}

/** The result of writing one record's card view back to the CRM. */
export interface RecordWriteResult {
  readonly recordId: string;
  /** Values the CRM now holds because of this write, folded onto the stored snapshot. */
  readonly written: Readonly<Record<string, string>>;
  /** Why the CRM refused (part of) the write; logged, not retried. */
  readonly rejected: readonly string[];
}

/** A record whose card the write-back sends, with the properties Baton last saw on it. */
export interface CardToWrite {
  readonly view: CardView;
  readonly stored: PropertyBag;
}

/** The adapter's read and write sides of the sync. */
export interface CrmSync {
  /** The inbox kind intake stores notifications under, and the kind of the queued write-backs. */
  readonly eventKind: string;
  readonly writebackKind: string;
  /** Records one CRM call carries; the worker claims notifications in whole calls. */
  readonly recordsPerCall?: number;
  /** How long notifications may wait for a full call (the worker's default is 500 ms, right for calls of 100). */
  readonly fillWaitMs?: number;
  /** The inbox record key of a record, the same for its notifications and its write-backs. */
  recordKey(record: RecordRef): string;
  /** Fields of stored notifications that may carry a person's data, stripped when it is purged. */
  readonly personalEventFields: readonly string[];
  /** Turns claimed notifications into a batch, reading the CRM; runs outside any transaction. */
  read(tenant: Tenant, config: TenantConfig, items: readonly InboxRow[], now: Date): Promise<SyncBatch>;
  /**
   * Writes Baton's cards onto the CRM's records; runs outside any transaction. `items` are the
   * claimed write-backs, for what the adapter stored on them.
   */
  write(
    tenant: Tenant,
    objectType: string,
    cards: ReadonlyMap<string, CardToWrite>,
    batch: { readonly items: readonly InboxRow[]; readonly now: Date },
  ): Promise<CrmWriteOutcome>;
  /** Carries out SLA breach actions in the CRM; absent, breaches are recorded and nothing acts on them. */
  readonly breachActions?: CrmBreachActions;
}

/** A breach step Baton can carry out (skipped steps never reach the CRM). */
export type RunnableBreachStep = Exclude<BreachStep, { readonly kind: 'skipped' }>;

/** One breach step of one record, as the scheduler queued it. */
export interface BreachStepToRun {
  /** The step's own key, unique per clock turn and step; CRM records the step creates carry it. */
  readonly key: string;
  readonly record: RecordRef;
  readonly step: RunnableBreachStep;
  /** What a notification's task says. */
  readonly notice: { readonly subject: string; readonly body: string };
  /**
   * An earlier try may have carried the step out before failing to record it (a crash after the
   * CRM call): the adapter looks for the step's mark before doing it again.
   */
  readonly retried: boolean;
}

export interface BreachStepOutcome {
  readonly key: string;
  /** False when the CRM refused the step or the record no longer allows it; it is not tried again. */
  readonly done: boolean;
  readonly detail: string;
}

/** The adapter's side of SLA enforcement: tasks, reassignments and returns to marketing. */
export interface CrmBreachActions {
  /** The inbox kind the steps are queued under. */
  readonly kind: string;
  run(tenant: Tenant, steps: readonly BreachStepToRun[], now: Date): Promise<readonly BreachStepOutcome[]>;
}

/** What a write did, and the adapter's own follow-up in the transaction that finishes the items. */
export interface CrmWriteOutcome {
  readonly results: readonly RecordWriteResult[];
  /** E.g. HubSpot queues a property bootstrap and holds back write-backs that must wait for it. */
  settle?(tx: Tx, now: Date): Promise<void>;
}

/** What the console needs of a CRM to serve its tenants: the same facts its own front door uses. */
export interface CrmConsoleDoor {
  readonly defaults: TenantDefaults;
  /** The object type leads are kept as (`contacts`, `Lead`). */
  readonly recordObjectType: string;
  /** Properties the CRM tells Baton about when they change; null when every change is seen. */
  readonly watchedProperties: ReadonlySet<string> | null;
  /** A record's display name from its properties, in the CRM's field names. */
  readonly nameOf: (properties: PropertyBag) => string | null;
}
