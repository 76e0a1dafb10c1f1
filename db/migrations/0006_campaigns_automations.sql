CREATE TABLE `automation_run_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`step_index` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`detail` text,
	`send_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `automation_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`send_id`) REFERENCES `message_sends`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automation_run_log_step_key` ON `automation_run_log` (`run_id`,`step_index`);--> statement-breakpoint
CREATE TABLE `campaign_recipients` (
	`campaign_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`shop_id` integer NOT NULL,
	`qualified_by` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `contact_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `automations` ADD `change_cursor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `frozen_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `send_cursor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `enqueued_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `membership_changes_segment_kind_idx` ON `membership_changes` (`segment_id`,`kind`);