CREATE TABLE "backfill_runs" (
	"tenant_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"slices" jsonb NOT NULL,
	"after" text,
	"slices_done" integer NOT NULL,
	"imported" integer NOT NULL,
	"requests" integer NOT NULL,
	"expected_total" integer,
	"version" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "backfill_runs_tenant_id_object_type_pk" PRIMARY KEY("tenant_id","object_type")
);
--> statement-breakpoint
ALTER TABLE "backfill_runs" ADD CONSTRAINT "backfill_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;