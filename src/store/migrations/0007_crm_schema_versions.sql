CREATE TABLE "crm_schema_versions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"bootstrapped_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_schema_versions" ADD CONSTRAINT "crm_schema_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;