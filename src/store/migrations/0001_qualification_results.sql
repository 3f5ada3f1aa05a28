CREATE TABLE "qualification_results" (
	"tenant_id" uuid NOT NULL,
	"record_id" text NOT NULL,
	"definition_key" text NOT NULL,
	"definition_version" integer NOT NULL,
	"verdict" text NOT NULL,
	"result" jsonb NOT NULL,
	"observed_at" timestamp (3) with time zone NOT NULL,
	"evaluated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "qualification_results_tenant_id_record_id_pk" PRIMARY KEY("tenant_id","record_id")
);
--> statement-breakpoint
ALTER TABLE "qualification_results" ADD CONSTRAINT "qualification_results_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;