CREATE TABLE "inbox_receipts" (
	"crm" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "inbox_receipts_crm_dedupe_key_pk" PRIMARY KEY("crm","dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "inbox" DROP CONSTRAINT "inbox_tenant_id_tenants_id_fk";
--> statement-breakpoint
INSERT INTO "inbox_receipts" ("crm", "dedupe_key", "received_at") SELECT "crm", "dedupe_key", "received_at" FROM "inbox" ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP INDEX "inbox_dedupe_key";--> statement-breakpoint
DROP INDEX "inbox_pending_due";--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "record_key" text;--> statement-breakpoint
UPDATE "inbox" SET "record_key" = coalesce("payload" -> 'event' ->> 'objectTypeId', '0-1') || ':' || ("payload" -> 'event' ->> 'objectId') WHERE "payload" ->> 'type' = 'hubspot_event' AND "payload" -> 'event' ? 'objectId';--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "kind" text;--> statement-breakpoint
UPDATE "inbox" SET "kind" = coalesce("payload" ->> 'type', '(untyped)');--> statement-breakpoint
ALTER TABLE "inbox" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "inbox_receipts_received_at" ON "inbox_receipts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbox_pending_by_kind" ON "inbox" USING btree ("tenant_id","kind","next_attempt_at") WHERE "inbox"."status" = 'pending';