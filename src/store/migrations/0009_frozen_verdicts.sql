CREATE TABLE "frozen_verdicts" (
	"tenant_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"occasion" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"definition_key" text NOT NULL,
	"definition_version" integer NOT NULL,
	"result" jsonb NOT NULL,
	CONSTRAINT "frozen_verdicts_tenant_id_record_id_dedupe_key_pk" PRIMARY KEY("tenant_id","record_id","dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "frozen_verdicts" ADD CONSTRAINT "frozen_verdicts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;