CREATE TABLE `anonymous_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`browser_id` integer NOT NULL,
	`type` integer NOT NULL,
	`subject_id` integer,
	`detail_id` integer,
	`value` integer,
	`occurred_at` integer NOT NULL,
	`source` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`browser_id`) REFERENCES `browsers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `anonymous_events_browser_idx` ON `anonymous_events` (`browser_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `browsers` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`client_key` text NOT NULL,
	`contact_id` integer,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `browsers_shop_client_key` ON `browsers` (`shop_id`,`client_key`);--> statement-breakpoint
CREATE INDEX `browsers_contact_idx` ON `browsers` (`contact_id`);--> statement-breakpoint
CREATE TABLE `data_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform_request_id` text,
	`customer_platform_id` text,
	`export` text,
	`requested_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `data_requests_shop_idx` ON `data_requests` (`shop_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `pixel_event_ids` (
	`shop_id` integer NOT NULL,
	`hash` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`shop_id`, `hash`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `pixel_event_ids_seen_idx` ON `pixel_event_ids` (`seen_at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`shop_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'idle' NOT NULL,
	`cursor` text,
	`watermark` integer,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer,
	`error` text,
	`started_at` integer,
	`finished_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`shop_id`, `kind`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tag_tombstones` (
	`contact_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`source` text NOT NULL,
	`shop_id` integer NOT NULL,
	`removed_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `tag_id`, `source`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `refunds` ADD `lines` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_inbox` ADD `available_at` integer;