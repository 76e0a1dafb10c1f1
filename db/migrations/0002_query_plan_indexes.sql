DROP INDEX `contacts_shop_country_consent_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_spent_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_last_order_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_first_order_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_created_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_birthday_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_lifecycle_idx`;--> statement-breakpoint
DROP INDEX `contacts_shop_last_visit_idx`;--> statement-breakpoint
CREATE INDEX `contacts_shop_country_consent_idx` ON `contacts` (`shop_id`,`country_code`,`email_consent`,`deleted_at`,`redacted_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_spent_idx` ON `contacts` (`shop_id`,`total_spent_minor`,`last_order_at`,`deleted_at`,`redacted_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_last_order_idx` ON `contacts` (`shop_id`,`last_order_at`,`deleted_at`,`redacted_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_first_order_idx` ON `contacts` (`shop_id`,`first_order_at`,`deleted_at`,`redacted_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_created_idx` ON `contacts` (`shop_id`,`created_at`,`deleted_at`,`redacted_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_birthday_idx` ON `contacts` (`shop_id`,`birthday_md`,`deleted_at`,`redacted_at`) WHERE "contacts"."birthday_md" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_shop_lifecycle_idx` ON `contacts` (`shop_id`,`lifecycle_stage`,`deleted_at`,`redacted_at`) WHERE "contacts"."lifecycle_stage" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_shop_last_visit_idx` ON `contacts` (`shop_id`,`last_visit_at`,`deleted_at`,`redacted_at`);