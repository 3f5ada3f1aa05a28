CREATE TABLE "field_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"record_id" text NOT NULL,
	"request_id" text NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"answered_by" text,
	"answer" text,
	"answered_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "field_notes" ADD CONSTRAINT "field_notes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "field_notes_request" ON "field_notes" USING btree ("tenant_id","request_id");--> statement-breakpoint
CREATE INDEX "field_notes_record" ON "field_notes" USING btree ("tenant_id","object_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "field_notes_open" ON "field_notes" USING btree ("tenant_id","created_at") WHERE "field_notes"."status" = 'open';