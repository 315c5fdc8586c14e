CREATE TABLE "assignments" (
	"work_order_id" text PRIMARY KEY NOT NULL,
	"technician_id" text NOT NULL,
	"run_id" text NOT NULL,
	"start_at" bigint NOT NULL,
	"end_at" bigint NOT NULL,
	"explanation" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "close_outs" (
	"work_order_id" text PRIMARY KEY NOT NULL,
	"technician_id" text NOT NULL,
	"notes" text NOT NULL,
	"minutes_spent" integer NOT NULL,
	"failure_confirmed" boolean NOT NULL,
	"cause_code" text NOT NULL,
	"parts_used" jsonb NOT NULL,
	"photo_type" text,
	"photo" text,
	"completed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"trigger" text NOT NULL,
	"actor" text NOT NULL,
	"solver" text NOT NULL,
	"status" text NOT NULL,
	"objective" double precision NOT NULL,
	"bound" double precision NOT NULL,
	"gap" double precision NOT NULL,
	"heuristic_objective" double precision NOT NULL,
	"solve_ms" double precision,
	"assigned" integer NOT NULL,
	"unassigned" integer NOT NULL,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"reorder_point" integer NOT NULL,
	"reorder_qty" integer NOT NULL,
	"lead_time_ms" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"part_id" text NOT NULL,
	"qty" integer NOT NULL,
	"work_order_id" text,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expected_at" bigint NOT NULL,
	"late_for_failure" boolean NOT NULL,
	"open_key" text
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"work_order_id" text NOT NULL,
	"warehouse_id" text NOT NULL,
	"part_id" text NOT NULL,
	"qty" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock" (
	"warehouse_id" text NOT NULL,
	"part_id" text NOT NULL,
	"on_hand" integer NOT NULL,
	"reserved" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "stock_warehouse_id_part_id_pk" PRIMARY KEY("warehouse_id","part_id")
);
--> statement-breakpoint
CREATE TABLE "technicians" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"skills" jsonb NOT NULL,
	"home_lat" double precision NOT NULL,
	"home_lon" double precision NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"location_at" bigint,
	"shifts" jsonb NOT NULL,
	"daily_capacity_min" integer NOT NULL,
	"van_warehouse_id" text,
	"available" boolean NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"site_id" text,
	"technician_id" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_requests_open_key_uq" ON "purchase_requests" USING btree ("open_key");--> statement-breakpoint
CREATE INDEX "reservations_order_idx" ON "reservations" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "stock_part_idx" ON "stock" USING btree ("part_id");