CREATE TABLE "lead_facts" (
	"tenant_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"first_seen_at" timestamp (3) with time zone NOT NULL,
	"journey" json NOT NULL,
	"attribution" json NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "lead_facts_tenant_id_record_id_pk" PRIMARY KEY("tenant_id","record_id")
);
--> statement-breakpoint
ALTER TABLE "lead_facts" ADD CONSTRAINT "lead_facts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_facts_cohort" ON "lead_facts" USING btree ("tenant_id","first_seen_at");