CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"work_order_id" text,
	"gateway_id" text NOT NULL,
	"site_id" text NOT NULL,
	"asset_id" text NOT NULL,
	"source" text NOT NULL,
	"rule_or_model" text NOT NULL,
	"version" text NOT NULL,
	"failure_mode" text NOT NULL,
	"severity" text NOT NULL,
	"state" text NOT NULL,
	"opened_at" bigint NOT NULL,
	"observed_at" bigint NOT NULL,
	"score" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"predicted_p10" bigint,
	"predicted_p50" bigint,
	"predicted_p90" bigint,
	"message" text,
	"evidence" jsonb NOT NULL,
	"received_at" bigint NOT NULL,
	"outcome" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"gateway_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"revoked" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"criticality" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"role" text,
	"action" text NOT NULL,
	"target" text,
	"outcome" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"source" text NOT NULL,
	"topic" text,
	"reason" text NOT NULL,
	"payload" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateways" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text,
	"state" text NOT NULL,
	"version" text,
	"reason" text,
	"counters" jsonb NOT NULL,
	"status_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL,
	"stale" boolean NOT NULL,
	"stale_since" bigint
);
--> statement-breakpoint
CREATE TABLE "job_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"failure_mode" text NOT NULL,
	"title" text NOT NULL,
	"tasks" jsonb NOT NULL,
	"skills" jsonb NOT NULL,
	"parts" jsonb NOT NULL,
	"estimated_minutes" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "job_plans_failure_mode_unique" UNIQUE("failure_mode")
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"display_name" text NOT NULL,
	"disabled" boolean NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_events" (
	"id" text PRIMARY KEY NOT NULL,
	"work_order_id" text NOT NULL,
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"asset_id" text NOT NULL,
	"failure_mode" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer NOT NULL,
	"severity" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"due_at" bigint,
	"predicted_p10" bigint,
	"predicted_p50" bigint,
	"predicted_p90" bigint,
	"alert_count" integer NOT NULL,
	"first_alert_at" bigint NOT NULL,
	"last_alert_at" bigint NOT NULL,
	"alert_cleared" boolean NOT NULL,
	"assignee_id" text,
	"job_plan_id" text,
	"open_key" text,
	"escalated_at" bigint,
	"revision" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_events" ADD CONSTRAINT "work_order_events_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_work_order_idx" ON "alerts" USING btree ("work_order_id","observed_at");--> statement-breakpoint
CREATE INDEX "assets_site_idx" ON "assets" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "sessions_expiry_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "work_order_events_order_idx" ON "work_order_events" USING btree ("work_order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_open_key_uq" ON "work_orders" USING btree ("open_key");--> statement-breakpoint
CREATE INDEX "work_orders_status_priority_idx" ON "work_orders" USING btree ("status","priority","id");--> statement-breakpoint
CREATE INDEX "work_orders_asset_idx" ON "work_orders" USING btree ("asset_id");