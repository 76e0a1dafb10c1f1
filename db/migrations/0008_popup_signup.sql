CREATE TABLE `popup_signups` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`created_contact` integer NOT NULL,
	`email_consent` text,
	`sms_consent` text,
	`email_consent_text` text,
	`sms_consent_text` text,
	`tags` text NOT NULL,
	`created_at` integer NOT NULL,
	`writeback_status` text NOT NULL,
	`writeback_detail` text,
	`writeback_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `popup_signups_contact_idx` ON `popup_signups` (`shop_id`,`contact_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `message_sends` ADD `purpose` text DEFAULT 'marketing' NOT NULL;