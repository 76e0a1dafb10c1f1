CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`shop` text NOT NULL,
	`state` text NOT NULL,
	`isOnline` integer DEFAULT false NOT NULL,
	`scope` text,
	`expires` text,
	`accessToken` text NOT NULL,
	`userId` blob,
	`firstName` text,
	`lastName` text,
	`email` text,
	`accountOwner` integer,
	`locale` text,
	`collaborator` integer,
	`emailVerified` integer,
	`refreshToken` text,
	`refreshTokenExpires` text
);
--> statement-breakpoint
CREATE INDEX `sessions_shop_idx` ON `sessions` (`shop`);--> statement-breakpoint
CREATE TABLE `shops` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`domain` text NOT NULL,
	`name` text,
	`email` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`plan_name` text,
	`email_quota_limit` integer DEFAULT 10000 NOT NULL,
	`email_quota_used` integer DEFAULT 0 NOT NULL,
	`email_quota_period_start` integer,
	`sms_balance` integer DEFAULT 0 NOT NULL,
	`pixel_key` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`installed_at` integer,
	`uninstalled_at` integer,
	`source_updated_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shops_platform_domain_key` ON `shops` (`platform`,`domain`);--> statement-breakpoint
CREATE UNIQUE INDEX `shops_pixel_key_key` ON `shops` (`pixel_key`) WHERE "shops"."pixel_key" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `attribute_definitions` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`source` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attribute_definitions_shop_key` ON `attribute_definitions` (`shop_id`,`key`);--> statement-breakpoint
CREATE TABLE `contact_attributes` (
	`contact_id` integer NOT NULL,
	`attribute_id` integer NOT NULL,
	`shop_id` integer NOT NULL,
	`text_value` text,
	`number_value` real,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `attribute_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`attribute_id`) REFERENCES `attribute_definitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `contact_attributes_number_idx` ON `contact_attributes` (`attribute_id`,`number_value`,`contact_id`);--> statement-breakpoint
CREATE INDEX `contact_attributes_text_idx` ON `contact_attributes` (`attribute_id`,`text_value`,`contact_id`);--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`tag_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`source` text NOT NULL,
	`shop_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`tag_id`, `contact_id`, `source`),
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `contact_tags_contact_idx` ON `contact_tags` (`contact_id`,`tag_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform_id` text,
	`email` text,
	`phone` text,
	`first_name` text,
	`last_name` text,
	`gender` text,
	`country_code` text,
	`region_code` text,
	`city` text,
	`zip` text,
	`birthday` text,
	`birthday_md` integer,
	`language` text,
	`time_zone` text,
	`registration_source` text,
	`account_state` text,
	`is_member` integer DEFAULT false NOT NULL,
	`member_tier` text,
	`email_consent` text DEFAULT 'not_subscribed' NOT NULL,
	`email_consent_at` integer,
	`email_opt_in_level` text,
	`sms_consent` text DEFAULT 'not_subscribed' NOT NULL,
	`sms_consent_at` integer,
	`email_validity` text DEFAULT 'unknown' NOT NULL,
	`email_validity_at` integer,
	`phone_validity` text DEFAULT 'unknown' NOT NULL,
	`phone_validity_at` integer,
	`lifecycle_stage` text,
	`lifecycle_at` integer,
	`orders_count` integer DEFAULT 0 NOT NULL,
	`total_spent_minor` integer DEFAULT 0 NOT NULL,
	`avg_order_minor` integer,
	`first_order_at` integer,
	`last_order_at` integer,
	`last_visit_at` integer,
	`created_at` integer NOT NULL,
	`note` text,
	`profile_source_at` integer,
	`tags_source_at` integer,
	`email_consent_source_at` integer,
	`sms_consent_source_at` integer,
	`deleted_at` integer,
	`redacted_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_shop_platform_id_key` ON `contacts` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE INDEX `contacts_shop_email_idx` ON `contacts` (`shop_id`,`email`);--> statement-breakpoint
CREATE INDEX `contacts_shop_phone_idx` ON `contacts` (`shop_id`,`phone`);--> statement-breakpoint
CREATE INDEX `contacts_shop_country_consent_idx` ON `contacts` (`shop_id`,`country_code`,`email_consent`);--> statement-breakpoint
CREATE INDEX `contacts_shop_spent_idx` ON `contacts` (`shop_id`,`total_spent_minor`,`last_order_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_last_order_idx` ON `contacts` (`shop_id`,`last_order_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_first_order_idx` ON `contacts` (`shop_id`,`first_order_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_created_idx` ON `contacts` (`shop_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contacts_shop_birthday_idx` ON `contacts` (`shop_id`,`birthday_md`) WHERE "contacts"."birthday_md" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_shop_lifecycle_idx` ON `contacts` (`shop_id`,`lifecycle_stage`) WHERE "contacts"."lifecycle_stage" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_shop_last_visit_idx` ON `contacts` (`shop_id`,`last_visit_at`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_shop_name_key` ON `tags` (`shop_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`kind` text NOT NULL,
	`platform_id` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_shop_kind_name_key` ON `categories` (`shop_id`,`kind`,`name`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`code` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_shop_code_key` ON `coupons` (`shop_id`,`code`);--> statement-breakpoint
CREATE TABLE `product_categories` (
	`category_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`shop_id` integer NOT NULL,
	PRIMARY KEY(`category_id`, `product_id`),
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `product_categories_product_idx` ON `product_categories` (`product_id`,`category_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform_id` text NOT NULL,
	`title` text NOT NULL,
	`handle` text,
	`product_type` text,
	`vendor` text,
	`price_minor` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_shop_platform_id_key` ON `products` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE TABLE `checkouts` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform_id` text NOT NULL,
	`contact_id` integer,
	`email` text,
	`phone` text,
	`total_minor` integer,
	`currency` text,
	`started_at` integer NOT NULL,
	`source_updated_at` integer,
	`completed_at` integer,
	`order_id` integer,
	`abandoned_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkouts_shop_platform_id_key` ON `checkouts` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE INDEX `checkouts_open_idx` ON `checkouts` (`shop_id`,`source_updated_at`) WHERE "checkouts"."completed_at" IS NULL AND "checkouts"."abandoned_at" IS NULL;--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`contact_id` integer,
	`product_id` integer,
	`platform_id` text,
	`platform_product_id` text,
	`platform_variant_id` text,
	`title` text,
	`quantity` integer NOT NULL,
	`refunded_quantity` integer DEFAULT 0 NOT NULL,
	`price_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_lines_product_contact_idx` ON `order_lines` (`product_id`,`contact_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `order_lines_contact_product_idx` ON `order_lines` (`contact_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform_id` text NOT NULL,
	`contact_id` integer,
	`name` text,
	`currency` text NOT NULL,
	`total_minor` integer NOT NULL,
	`subtotal_minor` integer,
	`discount_minor` integer DEFAULT 0 NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`financial_status` text,
	`fulfillment_status` text,
	`discount_codes` text,
	`checkout_token` text,
	`placed_at` integer NOT NULL,
	`cancelled_at` integer,
	`deleted_at` integer,
	`source_updated_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_shop_platform_id_key` ON `orders` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE INDEX `orders_contact_placed_idx` ON `orders` (`contact_id`,`placed_at`);--> statement-breakpoint
CREATE INDEX `orders_shop_placed_idx` ON `orders` (`shop_id`,`placed_at`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`platform_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`refunded_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_shop_platform_id_key` ON `refunds` (`shop_id`,`platform_id`);--> statement-breakpoint
CREATE INDEX `refunds_order_idx` ON `refunds` (`order_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`type` integer NOT NULL,
	`subject_id` integer,
	`detail_id` integer,
	`value` integer,
	`occurred_at` integer NOT NULL,
	`source` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_segment_idx` ON `events` (`shop_id`,`type`,`subject_id`,`occurred_at`,`contact_id`);--> statement-breakpoint
CREATE INDEX `events_type_time_idx` ON `events` (`shop_id`,`type`,`occurred_at`,`contact_id`);--> statement-breakpoint
CREATE INDEX `events_contact_idx` ON `events` (`contact_id`,`type`,`subject_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `membership_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`segment_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`kind` integer NOT NULL,
	`cause` integer NOT NULL,
	`cause_detail` text,
	`segment_revision` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `membership_changes_segment_at_idx` ON `membership_changes` (`segment_id`,`at`);--> statement-breakpoint
CREATE INDEX `membership_changes_contact_at_idx` ON `membership_changes` (`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `segment_members` (
	`segment_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`shop_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `contact_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `segment_members_contact_idx` ON `segment_members` (`contact_id`,`segment_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`definition` text NOT NULL,
	`definition_version` integer NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`suggestion_key` text,
	`status` text DEFAULT 'computing' NOT NULL,
	`compute_done` integer DEFAULT 0 NOT NULL,
	`compute_total` integer DEFAULT 0 NOT NULL,
	`compute_error` text,
	`member_count` integer DEFAULT 0 NOT NULL,
	`email_reachable_count` integer DEFAULT 0 NOT NULL,
	`sms_reachable_count` integer DEFAULT 0 NOT NULL,
	`computed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segments_shop_updated_idx` ON `segments` (`shop_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `automation_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`automation_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`membership_change_id` integer,
	`status` text NOT NULL,
	`step_index` integer DEFAULT 0 NOT NULL,
	`next_step_at` integer,
	`exit_reason` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`automation_id`) REFERENCES `automations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_change_id`) REFERENCES `membership_changes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automation_runs_change_key` ON `automation_runs` (`automation_id`,`membership_change_id`);--> statement-breakpoint
CREATE INDEX `automation_runs_due_idx` ON `automation_runs` (`next_step_at`) WHERE "automation_runs"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX `automation_runs_contact_idx` ON `automation_runs` (`automation_id`,`contact_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `automations` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`name` text NOT NULL,
	`segment_id` integer NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'paused' NOT NULL,
	`steps` text DEFAULT '[]' NOT NULL,
	`reentry` text DEFAULT 'once' NOT NULL,
	`reentry_cooldown_ms` integer,
	`flap_window_ms` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `automations_segment_idx` ON `automations` (`segment_id`,`status`);--> statement-breakpoint
CREATE INDEX `automations_shop_idx` ON `automations` (`shop_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `campaign_segments` (
	`campaign_id` integer NOT NULL,
	`segment_id` integer NOT NULL,
	`role` text NOT NULL,
	`shop_id` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `segment_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `campaign_segments_segment_idx` ON `campaign_segments` (`segment_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`name` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`subject` text,
	`body` text DEFAULT '' NOT NULL,
	`coupon_id` integer,
	`scheduled_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`audience_count` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaigns_shop_status_idx` ON `campaigns` (`shop_id`,`status`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `message_sends` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`contact_id` integer,
	`channel` text NOT NULL,
	`campaign_id` integer,
	`automation_run_id` integer,
	`step_index` integer,
	`idempotency_key` text NOT NULL,
	`status` text NOT NULL,
	`skip_reason` text,
	`qualified_by` text,
	`to_address` text,
	`subject` text,
	`body` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`provider_message_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`automation_run_id`) REFERENCES `automation_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_sends_idempotency_key` ON `message_sends` (`shop_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `message_sends_due_idx` ON `message_sends` (`next_attempt_at`) WHERE "message_sends"."status" IN ('queued', 'deferred', 'sending');--> statement-breakpoint
CREATE INDEX `message_sends_campaign_idx` ON `message_sends` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `message_sends_contact_idx` ON `message_sends` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `send_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`send_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`http_status` integer,
	`error` text,
	`duration_ms` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`send_id`) REFERENCES `message_sends`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `send_attempts_send_idx` ON `send_attempts` (`send_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `send_hooks` (
	`shop_id` integer NOT NULL,
	`channel` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`shop_id`, `channel`),
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer,
	`type` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`unique_key` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`run_after` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`progress_done` integer,
	`progress_total` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_unique_key` ON `jobs` (`unique_key`);--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`priority`,`run_after`) WHERE "jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`lease_until`) WHERE "jobs"."status" = 'running';--> statement-breakpoint
CREATE INDEX `jobs_finished_idx` ON `jobs` (`finished_at`) WHERE "jobs"."finished_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `webhook_inbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`shop_id` integer NOT NULL,
	`platform` text NOT NULL,
	`topic` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`webhook_id` text,
	`event_id` text,
	`triggered_at` integer,
	`api_version` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_dedupe_key` ON `webhook_inbox` (`shop_id`,`topic`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_pending_idx` ON `webhook_inbox` (`received_at`) WHERE "webhook_inbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `webhook_inbox_processed_idx` ON `webhook_inbox` (`processed_at`) WHERE "webhook_inbox"."status" <> 'pending';