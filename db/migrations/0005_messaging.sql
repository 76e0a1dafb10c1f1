-- Hand-amended: ON DELETE set null on the two ALTER TABLE … REFERENCES below (drizzle-kit drops it).
CREATE TABLE `consent_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`channel` text NOT NULL,
	`state` text NOT NULL,
	`source` text NOT NULL,
	`send_id` integer,
	`at` integer NOT NULL,
	`writeback_status` text NOT NULL,
	`writeback_detail` text,
	`writeback_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`send_id`) REFERENCES `message_sends`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `consent_changes_contact_idx` ON `consent_changes` (`shop_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `message_keys` (
	`shop_id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `message_templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`subject` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `message_templates_shop_idx` ON `message_templates` (`shop_id`,`channel`,`updated_at`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`channel` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`to_address` text,
	`subject` text,
	`body` text,
	`is_test` integer DEFAULT false NOT NULL,
	`deliveries` integer DEFAULT 1 NOT NULL,
	`received_at` integer NOT NULL,
	`last_received_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_messages_key` ON `outbox_messages` (`shop_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_messages_shop_idx` ON `outbox_messages` (`shop_id`,`received_at`);--> statement-breakpoint
ALTER TABLE `message_sends` ADD `template_id` integer REFERENCES message_templates(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `template` text;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `coupon_id` integer REFERENCES coupons(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `links` text;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `delivered_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `clicked_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `coupon_clicked_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `bounced_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `complained_at` integer;--> statement-breakpoint
ALTER TABLE `message_sends` ADD `unsubscribed_at` integer;--> statement-breakpoint
CREATE INDEX `message_sends_shop_status_idx` ON `message_sends` (`shop_id`,`status`,`created_at`);