CREATE TABLE `shopline_tokens` (
	`shop_id` integer PRIMARY KEY NOT NULL,
	`handle` text NOT NULL,
	`access_token` text NOT NULL,
	`scope` text,
	`expires_at` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`refresh_failures` integer DEFAULT 0 NOT NULL,
	`last_refresh_error` text,
	`last_refresh_attempt_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shopline_tokens_expires_at_idx` ON `shopline_tokens` (`expires_at`);