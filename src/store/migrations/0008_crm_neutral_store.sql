CREATE TABLE "sla_clocks" (
	"tenant_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"record_id" text NOT NULL,
	"stage" text NOT NULL,
	"state" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"at_risk_at" timestamp (3) with time zone NOT NULL,
	"next_check_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "sla_clocks_tenant_id_object_type_record_id_pk" PRIMARY KEY("tenant_id","object_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_signature_floors" (
	"crm" text NOT NULL,
	"account_id" text NOT NULL,
	"scheme" text NOT NULL,
	"since" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "webhook_signature_floors_crm_account_id_pk" PRIMARY KEY("crm","account_id")
);
--> statement-breakpoint
-- Carry-over: the portals already seen v3-signed keep their floor.
INSERT INTO "webhook_signature_floors" ("crm", "account_id", "scheme", "since") SELECT 'hubspot', "portal_id", 'v3', "v3_since" FROM "hubspot_v3_portals";--> statement-breakpoint
-- Carry-over: every clock still running as last written to the CRM is due for a check at once, so the first sweep computes each again and stores it properly.
INSERT INTO "sla_clocks" ("tenant_id", "object_type", "record_id", "stage", "state", "due_at", "at_risk_at", "next_check_at", "updated_at") SELECT s."tenant_id", s."object_type", s."crm_record_id", coalesce(s."properties" ->> 'baton_stage', ''), s."properties" ->> 'baton_sla_state', now(), now(), now(), now() FROM "record_snapshots" s WHERE (s."properties" ->> 'baton_sla_state') in ('on_track', 'at_risk');--> statement-breakpoint
-- Carry-over: a stored funnel model's stages keep the mapping of their tenant's CRM under the CRM-neutral "mapping" key.
UPDATE "funnel_models" f SET "body" = jsonb_set(f."body", '{stages}', (SELECT coalesce(jsonb_agg((e.stage - 'crmMapping') || jsonb_build_object('mapping', coalesce(e.stage -> 'crmMapping' -> t."crm", '[]'::jsonb)) ORDER BY e.ord), '[]'::jsonb) FROM jsonb_array_elements(f."body" -> 'stages') WITH ORDINALITY AS e(stage, ord))) FROM "tenants" t WHERE t."id" = f."tenant_id" AND jsonb_typeof(f."body" -> 'stages') = 'array';--> statement-breakpoint
-- Carry-over: the id of the Lead folded onto a contact moves to the CRM-neutral linked-record key.
UPDATE "record_snapshots" SET "properties" = ("properties" - 'lead.hs_object_id') || jsonb_build_object('$linked_record', "properties" -> 'lead.hs_object_id') WHERE "properties" ? 'lead.hs_object_id';--> statement-breakpoint
DROP TABLE "hubspot_v3_portals" CASCADE;--> statement-breakpoint
DROP INDEX "record_snapshots_running_sla";--> statement-breakpoint
DROP INDEX "record_snapshots_lead";--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sla_clocks_next_check" ON "sla_clocks" USING btree ("next_check_at","tenant_id","object_type","record_id") WHERE "sla_clocks"."next_check_at" is not null;--> statement-breakpoint
CREATE INDEX "record_snapshots_linked" ON "record_snapshots" USING btree ("tenant_id","object_type",("properties" ->> '$linked_record')) WHERE ("record_snapshots"."properties" ->> '$linked_record') is not null;