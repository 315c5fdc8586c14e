CREATE TABLE `assignments` (
	`work_order_id` text PRIMARY KEY NOT NULL,
	`technician_id` text NOT NULL,
	`run_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`explanation` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `close_outs` (
	`work_order_id` text PRIMARY KEY NOT NULL,
	`technician_id` text NOT NULL,
	`notes` text NOT NULL,
	`minutes_spent` integer NOT NULL,
	`failure_confirmed` integer NOT NULL,
	`cause_code` text NOT NULL,
	`parts_used` text NOT NULL,
	`photo_type` text,
	`photo` text,
	`completed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispatch_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`trigger` text NOT NULL,
	`actor` text NOT NULL,
	`solver` text NOT NULL,
	`status` text NOT NULL,
	`objective` real NOT NULL,
	`bound` real NOT NULL,
	`gap` real NOT NULL,
	`heuristic_objective` real NOT NULL,
	`solve_ms` real,
	`assigned` integer NOT NULL,
	`unassigned` integer NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `parts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`reorder_point` integer NOT NULL,
	`reorder_qty` integer NOT NULL,
	`lead_time_ms` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `purchase_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`part_id` text NOT NULL,
	`qty` integer NOT NULL,
	`work_order_id` text,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`expected_at` integer NOT NULL,
	`late_for_failure` integer NOT NULL,
	`open_key` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_requests_open_key_uq` ON `purchase_requests` (`open_key`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`warehouse_id` text NOT NULL,
	`part_id` text NOT NULL,
	`qty` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reservations_order_idx` ON `reservations` (`work_order_id`);--> statement-breakpoint
CREATE TABLE `stock` (
	`warehouse_id` text NOT NULL,
	`part_id` text NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`warehouse_id`, `part_id`)
);
--> statement-breakpoint
CREATE INDEX `stock_part_idx` ON `stock` (`part_id`);--> statement-breakpoint
CREATE TABLE `technicians` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`skills` text NOT NULL,
	`home_lat` real NOT NULL,
	`home_lon` real NOT NULL,
	`lat` real,
	`lon` real,
	`location_at` integer,
	`shifts` text NOT NULL,
	`daily_capacity_min` integer NOT NULL,
	`van_warehouse_id` text,
	`available` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `warehouses` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`site_id` text,
	`technician_id` text,
	`lat` real NOT NULL,
	`lon` real NOT NULL
);
