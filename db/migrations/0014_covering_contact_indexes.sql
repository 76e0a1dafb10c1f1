DROP INDEX `contact_tags_contact_idx`;--> statement-breakpoint
CREATE INDEX `contact_tags_contact_idx` ON `contact_tags` (`contact_id`,`tag_id`,`shop_id`);--> statement-breakpoint
DROP INDEX `order_lines_contact_product_idx`;--> statement-breakpoint
CREATE INDEX `order_lines_contact_product_idx` ON `order_lines` (`contact_id`,`product_id`,`shop_id`,`counted`,`placed_at`);--> statement-breakpoint
DROP INDEX `orders_contact_placed_idx`;--> statement-breakpoint
CREATE INDEX `orders_contact_placed_idx` ON `orders` (`contact_id`,`placed_at`,`shop_id`,`cancelled_at`,`deleted_at`);