CREATE TABLE "hubspot_v3_portals" (
	"portal_id" text PRIMARY KEY NOT NULL,
	"v3_since" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "used_oauth_states" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "used_oauth_states_expires_at" ON "used_oauth_states" USING btree ("expires_at");