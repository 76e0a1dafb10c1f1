ALTER TABLE `order_lines` ADD `placed_at` integer;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `counted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `order_lines` SET
  `placed_at` = (SELECT o.`placed_at` FROM `orders` o WHERE o.`id` = `order_lines`.`order_id`),
  `counted` = coalesce((SELECT o.`cancelled_at` IS NULL AND o.`deleted_at` IS NULL FROM `orders` o WHERE o.`id` = `order_lines`.`order_id`), 0)
    AND `refunded_quantity` < `quantity`;--> statement-breakpoint
CREATE TRIGGER `order_lines_purchase_on_insert` AFTER INSERT ON `order_lines` BEGIN
  UPDATE `order_lines` SET
    `placed_at` = (SELECT o.`placed_at` FROM `orders` o WHERE o.`id` = NEW.`order_id`),
    `counted` = coalesce((SELECT o.`cancelled_at` IS NULL AND o.`deleted_at` IS NULL FROM `orders` o WHERE o.`id` = NEW.`order_id`), 0)
      AND NEW.`refunded_quantity` < NEW.`quantity`
  WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `order_lines_purchase_on_refund` AFTER UPDATE OF `quantity`, `refunded_quantity`, `order_id` ON `order_lines` BEGIN
  UPDATE `order_lines` SET
    `placed_at` = (SELECT o.`placed_at` FROM `orders` o WHERE o.`id` = NEW.`order_id`),
    `counted` = coalesce((SELECT o.`cancelled_at` IS NULL AND o.`deleted_at` IS NULL FROM `orders` o WHERE o.`id` = NEW.`order_id`), 0)
      AND NEW.`refunded_quantity` < NEW.`quantity`
  WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `orders_purchase_lines_on_update` AFTER UPDATE OF `placed_at`, `cancelled_at`, `deleted_at` ON `orders` BEGIN
  UPDATE `order_lines` SET
    `placed_at` = NEW.`placed_at`,
    `counted` = NEW.`cancelled_at` IS NULL AND NEW.`deleted_at` IS NULL AND `refunded_quantity` < `quantity`
  WHERE `order_id` = NEW.`id`;
END;--> statement-breakpoint
CREATE INDEX `order_lines_counted_product_idx` ON `order_lines` (`product_id`,`placed_at`,`contact_id`,`order_id`,`shop_id`) WHERE "order_lines"."counted" = 1 AND "order_lines"."contact_id" IS NOT NULL;
