CREATE TABLE `import_rejections` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`row` integer NOT NULL,
	`column` text NOT NULL,
	`value` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_rejections_import_idx` ON `import_rejections` (`import_id`,`row`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`file_path` text,
	`file_bytes` integer NOT NULL,
	`delimiter` text DEFAULT ',' NOT NULL,
	`status` text NOT NULL,
	`header` text NOT NULL,
	`preview` text NOT NULL,
	`mapping` text,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`error` text,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imports_shop_created_idx` ON `imports` (`shop_id`,`created_at`);