CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text,
	`gateway_id` text NOT NULL,
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`source` text NOT NULL,
	`rule_or_model` text NOT NULL,
	`version` text NOT NULL,
	`failure_mode` text NOT NULL,
	`severity` text NOT NULL,
	`state` text NOT NULL,
	`opened_at` integer NOT NULL,
	`observed_at` integer NOT NULL,
	`score` real NOT NULL,
	`threshold` real NOT NULL,
	`predicted_p10` integer,
	`predicted_p50` integer,
	`predicted_p90` integer,
	`message` text,
	`evidence` text NOT NULL,
	`received_at` integer NOT NULL,
	`outcome` text NOT NULL,
	FOREIGN KEY (`work_order_id`) REFERENCES `work_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_work_order_idx` ON `alerts` (`work_order_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`key_hash` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `assets` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`criticality` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assets_site_idx` ON `assets` (`site_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`role` text,
	`action` text NOT NULL,
	`target` text,
	`outcome` text NOT NULL,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`topic` text,
	`reason` text NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text,
	`state` text NOT NULL,
	`version` text,
	`reason` text,
	`counters` text NOT NULL,
	`status_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`stale` integer NOT NULL,
	`stale_since` integer
);
--> statement-breakpoint
CREATE TABLE `job_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`failure_mode` text NOT NULL,
	`title` text NOT NULL,
	`tasks` text NOT NULL,
	`skills` text NOT NULL,
	`parts` text NOT NULL,
	`estimated_minutes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_plans_failure_mode_unique` ON `job_plans` (`failure_mode`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_expiry_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text NOT NULL,
	`disabled` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `work_order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`work_order_id`) REFERENCES `work_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `work_order_events_order_idx` ON `work_order_events` (`work_order_id`,`at`);--> statement-breakpoint
CREATE TABLE `work_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`failure_mode` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`priority` integer NOT NULL,
	`severity` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`due_at` integer,
	`predicted_p10` integer,
	`predicted_p50` integer,
	`predicted_p90` integer,
	`alert_count` integer NOT NULL,
	`first_alert_at` integer NOT NULL,
	`last_alert_at` integer NOT NULL,
	`alert_cleared` integer NOT NULL,
	`assignee_id` text,
	`job_plan_id` text,
	`open_key` text,
	`escalated_at` integer,
	`revision` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_orders_open_key_uq` ON `work_orders` (`open_key`);--> statement-breakpoint
CREATE INDEX `work_orders_status_priority_idx` ON `work_orders` (`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `work_orders_asset_idx` ON `work_orders` (`asset_id`);