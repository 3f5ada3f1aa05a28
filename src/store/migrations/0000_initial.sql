CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_key" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"access_token_enc" text NOT NULL,
	"refresh_token_enc" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"scopes" text[] NOT NULL,
	"instance_url" text,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"refresh_lock_until" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "funnel_models" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"is_active" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "funnel_models_tenant_id_key_version_pk" PRIMARY KEY("tenant_id","key","version")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid,
	"crm" text NOT NULL,
	"external_account_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp (3) with time zone,
	"last_error" text,
	"received_at" timestamp (3) with time zone NOT NULL,
	"processed_at" timestamp (3) with time zone,
	CONSTRAINT "inbox_status_check" CHECK ("inbox"."status" in ('pending', 'processing', 'done', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"stage" text,
	"event" text,
	"owner_function" text,
	"owner_person" text,
	"reason_code" text,
	"feedback" text,
	"definition_key" text,
	"definition_version" integer,
	"actor" text,
	"dedupe_key" text NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_definitions" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"scope" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"marketing_approved_by" text,
	"marketing_approved_at" timestamp (3) with time zone,
	"sales_approved_by" text,
	"sales_approved_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"activated_at" timestamp (3) with time zone,
	"retired_at" timestamp (3) with time zone,
	CONSTRAINT "qualification_definitions_tenant_id_key_version_pk" PRIMARY KEY("tenant_id","key","version"),
	CONSTRAINT "qualification_definitions_status_check" CHECK ("qualification_definitions"."status" in ('draft', 'proposed', 'approved', 'active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "record_snapshots" (
	"tenant_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"crm_record_id" text NOT NULL,
	"properties" jsonb NOT NULL,
	"observed_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "record_snapshots_tenant_id_object_type_crm_record_id_pk" PRIMARY KEY("tenant_id","object_type","crm_record_id")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"crm" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"installed_at" timestamp (3) with time zone NOT NULL,
	"uninstalled_at" timestamp (3) with time zone,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "tenants_crm_check" CHECK ("tenants"."crm" in ('hubspot', 'salesforce')),
	CONSTRAINT "tenants_status_check" CHECK ("tenants"."status" in ('installing', 'active', 'uninstalled'))
);
--> statement-breakpoint
CREATE TABLE "touches" (
	"tenant_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"touch_id" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"channel" text NOT NULL,
	"source_detail" text,
	"campaign" text,
	"content" text,
	"origin" text NOT NULL,
	CONSTRAINT "touches_tenant_id_record_id_touch_id_pk" PRIMARY KEY("tenant_id","record_id","touch_id")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_models" ADD CONSTRAINT "funnel_models_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger" ADD CONSTRAINT "ledger_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_definitions" ADD CONSTRAINT "qualification_definitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_snapshots" ADD CONSTRAINT "record_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touches" ADD CONSTRAINT "touches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_tenant_at" ON "audit_log" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "funnel_models_one_active" ON "funnel_models" USING btree ("tenant_id","key") WHERE "funnel_models"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_dedupe_key" ON "inbox" USING btree ("crm","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbox_pending_due" ON "inbox" USING btree ("next_attempt_at") WHERE "inbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_processing_lease" ON "inbox" USING btree ("claimed_until") WHERE "inbox"."status" = 'processing';--> statement-breakpoint
CREATE INDEX "inbox_unattached" ON "inbox" USING btree ("crm","external_account_id") WHERE "inbox"."tenant_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_dedupe_key" ON "ledger" USING btree ("tenant_id","record_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "ledger_record_timeline" ON "ledger" USING btree ("tenant_id","record_id","occurred_at");--> statement-breakpoint
CREATE INDEX "ledger_funnel_report" ON "ledger" USING btree ("tenant_id","kind","stage","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_definitions_one_active" ON "qualification_definitions" USING btree ("tenant_id","key") WHERE "qualification_definitions"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_crm_external_id_key" ON "tenants" USING btree ("crm","external_id");