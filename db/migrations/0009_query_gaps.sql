CREATE TABLE `company_contacts` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`platform_id` text NOT NULL,
	`company_platform_id` text NOT NULL,
	`company_name` text,
	`source_updated_at` integer NOT NULL,
	`deleted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `company_contacts_shop_platform_id_key` ON `company_contacts` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE INDEX `company_contacts_contact_idx` ON `company_contacts` (`contact_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `company_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_shop_company_idx` ON `contacts` (`shop_id`,`company_count`,`deleted_at`,`redacted_at`) WHERE "contacts"."company_count" > 0;