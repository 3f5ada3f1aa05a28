import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AssessmentFunction, InstrumentKey } from '../core/assessment/instruments.ts';
import type { FunnelModel } from '../core/funnel/funnel-model.ts';
import type { HandoffEventType, LedgerEntryKind, SlaTurn } from '../core/journey/ledger-entry.ts';
import type { PropertyBag } from '../core/record.ts';
import type { SlaState } from '../core/sla/sla-policy.ts';
import type { Crm } from './crm-name.ts';

export type TenantStatus = 'installing' | 'active' | 'uninstalled';
export type DefinitionStatus = 'draft' | 'proposed' | 'approved' | 'active' | 'retired';
export type InboxStatus = 'pending' | 'processing' | 'done' | 'dead';
export type JsonObject = { readonly [key: string]: unknown };

const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    crm: text('crm').$type<Crm>().notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<TenantStatus>().notNull(),
    installedAt: instant('installed_at').notNull(),
    uninstalledAt: instant('uninstalled_at'),
    settings: jsonb('settings').$type<JsonObject>().notNull().default({}),
  },
  (t) => [
    uniqueIndex('tenants_crm_external_id_key').on(t.crm, t.externalId),
    check('tenants_crm_check', sql`${t.crm} in ('hubspot', 'salesforce')`),
    check('tenants_status_check', sql`${t.status} in ('installing', 'active', 'uninstalled')`),
  ],
);

export const credentials = pgTable('credentials', {
  tenantId: tenantId().primaryKey(),
  accessTokenEnc: text('access_token_enc').notNull(),
  refreshTokenEnc: text('refresh_token_enc').notNull(),
  expiresAt: instant('expires_at').notNull(),
  scopes: text('scopes').array().notNull(),
  instanceUrl: text('instance_url'),
  updatedAt: instant('updated_at').notNull(),
  refreshLockUntil: instant('refresh_lock_until'),
});

export const funnelModels = pgTable(
  'funnel_models',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    body: jsonb('body').$type<FunnelModel>().notNull(),
    isActive: boolean('is_active').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key, t.version] }),
    uniqueIndex('funnel_models_one_active').on(t.tenantId, t.key).where(sql`${t.isActive}`),
  ],
);

export const qualificationDefinitions = pgTable(
  'qualification_definitions',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    status: text('status').$type<DefinitionStatus>().notNull(),
    scope: jsonb('scope').$type<JsonObject>().notNull(),
    body: jsonb('body').$type<JsonObject>().notNull(),
    marketingApprovedBy: text('marketing_approved_by'),
    marketingApprovedAt: instant('marketing_approved_at'),
    salesApprovedBy: text('sales_approved_by'),
    salesApprovedAt: instant('sales_approved_at'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
    activatedAt: instant('activated_at'),
    retiredAt: instant('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key, t.version] }),
    uniqueIndex('qualification_definitions_one_active')
      .on(t.tenantId, t.key)
      .where(sql`${t.status} = 'active'`),
    check(
      'qualification_definitions_status_check',
      sql`${t.status} in ('draft', 'proposed', 'approved', 'active', 'retired')`,
    ),
  ],
);

export const recordSnapshots = pgTable(
  'record_snapshots',
  {
    tenantId: tenantId(),
    objectType: text('object_type').notNull(),
    crmRecordId: text('crm_record_id').notNull(),
    properties: jsonb('properties').$type<PropertyBag>().notNull(),
    observedAt: instant('observed_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.objectType, t.crmRecordId] }),
    /** The record another is folded onto, found when that one changes, moves or goes (`findSnapshotsLinkedTo`). */
    index('record_snapshots_linked')
      .on(t.tenantId, t.objectType, sql`(${t.properties} ->> '$linked_record')`)
      .where(sql`(${t.properties} ->> '$linked_record') is not null`),
  ],
);

export const ledger = pgTable(
  'ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    recordId: text('record_id').notNull(),
    kind: text('kind').$type<LedgerEntryKind>().notNull(),
    occurredAt: instant('occurred_at').notNull(),
    stage: text('stage'),
    event: text('event').$type<HandoffEventType>(),
    ownerFunction: text('owner_function'),
    ownerPerson: text('owner_person'),
    reasonCode: text('reason_code'),
    feedback: text('feedback'),
    definitionKey: text('definition_key'),
    definitionVersion: integer('definition_version'),
    actor: text('actor'),
    slaState: text('sla_state').$type<SlaTurn>(),
    dedupeKey: text('dedupe_key').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_dedupe_key').on(t.tenantId, t.recordId, t.dedupeKey),
    index('ledger_record_timeline').on(t.tenantId, t.recordId, t.occurredAt),
    index('ledger_funnel_report').on(t.tenantId, t.kind, t.stage, t.occurredAt),
    /** The console's latest rejections (newest first) without reading the whole ledger. */
    index('ledger_events_recent').on(t.tenantId, t.event, t.occurredAt),
  ],
);

export const touches = pgTable(
  'touches',
  {
    tenantId: tenantId(),
    recordId: text('record_id').notNull(),
    touchId: text('touch_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    channel: text('channel').notNull(),
    sourceDetail: text('source_detail'),
    campaign: text('campaign'),
    content: text('content'),
    origin: text('origin').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.recordId, t.touchId] })],
);

export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /**
     * Not a foreign key: the check would cost intake a lookup and a tenant-row lock per stored
     * item, and the inbox is a queue whose rows are purged within days. Tenants are never deleted
     * (an uninstall marks them), and the worker skips or dead-letters work of a tenant it cannot find.
     */
    tenantId: uuid('tenant_id'),
    crm: text('crm').$type<Crm>().notNull(),
    externalAccountId: text('external_account_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /**
     * The CRM record the item is about (e.g. `0-1:123` for a HubSpot contact), so a claim takes
     * every item of a record together and counts records, not items, against a CRM call's size.
     */
    recordKey: text('record_key'),
    /** The payload's `type`, which selects the handler; claims are budgeted per tenant and kind. */
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: text('status').$type<InboxStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedUntil: instant('claimed_until'),
    lastError: text('last_error'),
    receivedAt: instant('received_at').notNull(),
    processedAt: instant('processed_at'),
  },
  (t) => [
    index('inbox_pending_by_kind')
      .on(t.tenantId, t.kind, t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('inbox_processing_lease').on(t.claimedUntil).where(sql`${t.status} = 'processing'`),
    index('inbox_unattached').on(t.crm, t.externalAccountId).where(sql`${t.tenantId} is null`),
    check('inbox_status_check', sql`${t.status} in ('pending', 'processing', 'done', 'dead')`),
  ],
);

/**
 * Every delivery key the inbox accepted, kept for the retention window so a repeated delivery is
 * recognised even after its item was worked and purged. Apart from the inbox, whose rows may
 * carry several deliveries of one record and are updated as they are worked: a narrow table
 * written once keeps that churn off the key index.
 */
export const inboxReceipts = pgTable(
  'inbox_receipts',
  {
    crm: text('crm').$type<Crm>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.crm, t.dedupeKey] }),
    index('inbox_receipts_received_at').on(t.receivedAt),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectKey: text('subject_key').notNull(),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    at: instant('at').notNull(),
  },
  (t) => [index('audit_log_tenant_at').on(t.tenantId, t.at)],
);

/**
 * The latest qualification verdict per record, with every criterion met or missed, so the card can
 * say why a lead qualified under which definition version without re-evaluating old rules.
 */
export const qualificationResults = pgTable(
  'qualification_results',
  {
    tenantId: tenantId(),
    recordId: text('record_id').notNull(),
    definitionKey: text('definition_key').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    verdict: text('verdict').notNull(),
    result: jsonb('result').$type<JsonObject>().notNull(),
    observedAt: instant('observed_at').notNull(),
    evaluatedAt: instant('evaluated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.recordId] })],
);

/**
 * The verdict a lead was judged by, frozen when it was qualified and when it was handed off: the
 * definition version, every criterion met or missed with the value seen then, and the scores.
 * Append-only, one row per ledger event (its dedupe key), so a replay stores nothing twice and a
 * re-qualified lead keeps its earlier cycles' verdicts beside the new one.
 */
export const frozenVerdicts = pgTable(
  'frozen_verdicts',
  {
    tenantId: tenantId(),
    recordId: text('record_id').notNull(),
    /** The ledger event's dedupe key. */
    dedupeKey: text('dedupe_key').notNull(),
    occasion: text('occasion').$type<'qualified' | 'handed_off'>().notNull(),
    occurredAt: instant('occurred_at').notNull(),
    definitionKey: text('definition_key').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    result: jsonb('result').$type<JsonObject>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.recordId, t.dedupeKey] })],
);

/**
 * Accept and reject actions from record cards, by the caller's request id: a retried request
 * (HubSpot's fetch retries once on 5xx) answers what the first one did and records nothing again.
 */
export const cardActions = pgTable(
  'card_actions',
  {
    tenantId: tenantId(),
    requestId: text('request_id').notNull(),
    recordId: text('record_id').notNull(),
    /** The request as received (action and body), to tell a retry from a reuse of the id. */
    request: jsonb('request').$type<JsonObject>().notNull(),
    response: jsonb('response').$type<JsonObject>().notNull(),
    actor: text('actor').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.requestId] })],
);

/**
 * Field intelligence: what a rep tells marketing about a lead (the market, a competitor, why it
 * stalled), and marketing's answer, acted on or declined with a reason the rep sees. No note goes
 * unanswered unseen: open notes are listed to marketing until answered. One row per request id,
 * so a retried send stores one note.
 */
export const fieldNotes = pgTable(
  'field_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    objectType: text('object_type').notNull(),
    recordId: text('record_id').notNull(),
    requestId: text('request_id').notNull(),
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
    status: text('status').$type<'open' | 'acted_on' | 'declined'>().notNull(),
    answeredBy: text('answered_by'),
    answer: text('answer'),
    answeredAt: instant('answered_at'),
  },
  (t) => [
    uniqueIndex('field_notes_request').on(t.tenantId, t.requestId),
    index('field_notes_record').on(t.tenantId, t.objectType, t.recordId, t.createdAt),
    index('field_notes_open').on(t.tenantId, t.createdAt).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * Request counts per rate-limit key (e.g. one HubSpot portal) in one-second buckets, shared by
 * every worker and process so together they stay under the CRM's rolling limit.
 */
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * Where a CRM backfill of one tenant's object type stands, so an interrupted run continues:
 * the date slices still to import (the first one in progress), the search cursor inside it, and
 * what was done. `version` lets only one process advance a run: a second one finds it moved.
 */
export const backfillRuns = pgTable(
  'backfill_runs',
  {
    tenantId: tenantId(),
    objectType: text('object_type').notNull(),
    slices: jsonb('slices').$type<readonly BackfillSlice[]>().notNull(),
    after: text('after'),
    slicesDone: integer('slices_done').notNull(),
    imported: integer('imported').notNull(),
    requests: integer('requests').notNull(),
    expectedTotal: integer('expected_total'),
    version: integer('version').notNull(),
    startedAt: instant('started_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    finishedAt: instant('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.objectType] })],
);

/** A half-open range [from, to) of record creation times, epoch ms. */
export interface BackfillSlice {
  readonly from: number;
  readonly to: number;
}

/**
 * CRM accounts whose webhook deliveries have arrived under a stronger signature scheme, and since
 * when; from then on the account's deliveries under a weaker scheme are refused, so a captured
 * delivery cannot be replayed with its strong signature stripped. Keyed by the CRM's account id,
 * not the tenant, because deliveries can verify before the install that creates the tenant ends.
 */
export const webhookSignatureFloors = pgTable(
  'webhook_signature_floors',
  {
    crm: text('crm').$type<Crm>().notNull(),
    accountId: text('account_id').notNull(),
    /** The weakest scheme still accepted, e.g. `v3`. */
    scheme: text('scheme').notNull(),
    since: instant('since').notNull(),
  },
  (t) => [primaryKey({ columns: [t.crm, t.accountId] })],
);

/**
 * Each record's SLA clock on its current stage, as the last write-back computed it. A clock turns
 * at risk and then breached while nobody touches the record, so no CRM change will ever ask for
 * it: the sweep finds the clocks whose next turn has come (`nextCheckAt`) and queues their
 * write-backs, which compute the card again and store the clock's new state here.
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    tenantId: tenantId(),
    objectType: text('object_type').notNull(),
    recordId: text('record_id').notNull(),
    stage: text('stage').notNull(),
    state: text('state').$type<SlaState>().notNull(),
    dueAt: instant('due_at').notNull(),
    atRiskAt: instant('at_risk_at').notNull(),
    /** When the clock next changes state on its own: at risk, then due; null once it stopped or ran out. */
    nextCheckAt: instant('next_check_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.objectType, t.recordId] }),
    index('sla_clocks_next_check')
      .on(t.nextCheckAt, t.tenantId, t.objectType, t.recordId)
      .where(sql`${t.nextCheckAt} is not null`),
  ],
);

/**
 * Where each of a tenant's reassignment queues stands in its round robin. A breach takes the next
 * rep in the same transaction that records the breach, so one breach moves the cursor once.
 */
export const slaRoundRobin = pgTable(
  'sla_round_robin',
  {
    tenantId: tenantId(),
    queue: text('queue').notNull(),
    /** Picks made so far; the next pick is the member at this position modulo the queue's size. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.queue] })],
);

/**
 * Each lead's journey folded into the numbers reports read (`summarizeLead`), rebuilt from its
 * ledger and touches whenever either changes, so a report over a million ledger rows reads one
 * row per lead. Never the truth: the ledger is, and a missing row is rebuilt from it.
 */
export const leadFacts = pgTable(
  'lead_facts',
  {
    tenantId: tenantId(),
    recordId: text('record_id').notNull(),
    /** The report cohort's key: when Baton first saw the lead. */
    firstSeenAt: instant('first_seen_at').notNull(),
    /**
     * The facts every report reads (`lead-facts-codec.ts`). Plain `json`, not `jsonb`: nothing
     * queries inside it, and a report reads every lead's row, which `json` sends as stored where
     * `jsonb` is rebuilt as text row by row.
     */
    journey: json('journey').$type<JsonObject>().notNull(),
    /** Touch-derived facts only the source reports read: contents and credits per model. */
    attribution: json('attribution').$type<JsonObject>().notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.recordId] }),
    index('lead_facts_cohort').on(t.tenantId, t.firstSeenAt),
  ],
);

/**
 * OAuth state nonces already used by a callback, kept until the state would have expired, so a
 * state completes at most one install.
 */
export const usedOAuthStates = pgTable(
  'used_oauth_states',
  {
    nonce: text('nonce').primaryKey(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('used_oauth_states_expires_at').on(t.expiresAt)],
);

/**
 * The set of Baton's own CRM properties (a hash of their definitions) last put in place in each
 * tenant's CRM, so an upgrade that changes the set knows which portals to bootstrap again.
 */
export const crmSchemaVersions = pgTable('crm_schema_versions', {
  tenantId: tenantId().primaryKey(),
  version: text('version').notNull(),
  bootstrappedAt: instant('bootstrapped_at').notNull(),
});

/** A round of an alignment assessment: one instrument, opened by an admin, answered through links. */
export const assessmentRounds = pgTable(
  'assessment_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    instrument: text('instrument').$type<InstrumentKey>().notNull(),
    name: text('name').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: instant('opened_at').notNull(),
    closedAt: instant('closed_at'),
  },
  (t) => [index('assessment_rounds_tenant').on(t.tenantId, t.instrument, t.openedAt)],
);

/**
 * One respondent's link into one round: only the token's SHA-256 is kept, with the function and
 * level it is tagged with. `answered` says the link was used, never by which answer.
 */
export const assessmentLinks = pgTable('assessment_links', {
  tokenHash: text('token_hash').primaryKey(),
  tenantId: tenantId(),
  roundId: uuid('round_id')
    .notNull()
    .references(() => assessmentRounds.id, { onDelete: 'cascade' }),
  function: text('function').$type<AssessmentFunction>().notNull(),
  level: text('level'),
  answered: boolean('answered').notNull().default(false),
});

/**
 * Answer sheets, stored apart from the links with a random id and no time, so no answer can be
 * traced back to the link, the person or the moment it came from.
 */
export const assessmentResponses = pgTable(
  'assessment_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id, { onDelete: 'cascade' }),
    function: text('function').$type<AssessmentFunction>().notNull(),
    level: text('level'),
    answers: json('answers').$type<unknown>().notNull(),
  },
  (t) => [index('assessment_responses_round').on(t.roundId)],
);

/**
 * How far a periodic pass over a CRM's changes has read, per tenant and pass (Salesforce's
 * reconciliation walks Leads by `SystemModstamp`, then Id). Moved in the transaction that applies
 * the page it read, so a crash reads that page again rather than skipping it.
 */
export const syncCursors = pgTable(
  'sync_cursors',
  {
    tenantId: tenantId(),
    name: text('name').notNull(),
    at: instant('at').notNull(),
    lastId: text('last_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

/**
 * A console sign-in. The browser holds a random token in a signed cookie; only its SHA-256 is
 * stored, so a copy of this table opens no session. Roles are not kept: every request resolves
 * them from the tenant's role settings, so a role change applies at once. A link code (also
 * hashed, single use) lets the demo hand a visitor a session without a CRM sign-in.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantId(),
    userId: text('user_id').notNull(),
    userName: text('user_name'),
    userEmail: text('user_email'),
    /** The CRM groups the user was in at sign-in (HubSpot teams, Salesforce permission sets). */
    teamIds: jsonb('team_ids').$type<string[]>().notNull().default([]),
    linkCodeHash: text('link_code_hash').unique(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('console_sessions_expires_at').on(t.expiresAt)],
);
