CREATE TABLE "inbox_receipts" (
	"crm" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "inbox_receipts_crm_dedupe_key_pk" PRIMARY KEY("crm","dedupe_key")
);
--> statement-breakpoint
INSERT INTO "inbox_receipts" ("crm", "dedupe_key", "received_at") SELECT "crm", "dedupe_key", "received_at" FROM "inbox" ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP INDEX "inbox_dedupe_key";--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "record_key" text;--> statement-breakpoint
UPDATE "inbox" SET "record_key" = coalesce("payload" -> 'event' ->> 'objectTypeId', '0-1') || ':' || ("payload" -> 'event' ->> 'objectId') WHERE "payload" ->> 'type' = 'hubspot_event' AND "payload" -> 'event' ? 'objectId';--> statement-breakpoint
CREATE INDEX "inbox_receipts_received_at" ON "inbox_receipts" USING btree ("received_at");