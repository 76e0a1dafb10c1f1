CREATE TABLE `segment_rechecks` (
	`segment_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`shop_id` integer NOT NULL,
	`cause` integer NOT NULL,
	`cause_detail` text,
	`queued_at` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `contact_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `shops` ADD `segments_ticked_at` integer;--> statement-breakpoint
ALTER TABLE `shops` ADD `lifecycle_computed_at` integer;--> statement-breakpoint
ALTER TABLE `segments` ADD `reach_stale` integer DEFAULT false NOT NULL;