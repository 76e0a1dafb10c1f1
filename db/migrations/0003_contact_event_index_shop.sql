DROP INDEX `events_contact_idx`;--> statement-breakpoint
CREATE INDEX `events_contact_idx` ON `events` (`contact_id`,`type`,`subject_id`,`occurred_at`,`shop_id`);