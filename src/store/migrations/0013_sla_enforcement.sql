CREATE TABLE "sla_round_robin" (
	"tenant_id" uuid NOT NULL,
	"queue" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "sla_round_robin_tenant_id_queue_pk" PRIMARY KEY("tenant_id","queue")
);
--> statement-breakpoint
ALTER TABLE "ledger" ADD COLUMN "sla_state" text;--> statement-breakpoint
ALTER TABLE "sla_round_robin" ADD CONSTRAINT "sla_round_robin_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;