ALTER TABLE `shops` ADD `segments_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `segments_not_ready_idx` ON `segments` (`shop_id`,`status`) WHERE "segments"."status" <> 'ready';--> statement-breakpoint
CREATE TRIGGER `segments_version_on_insert` AFTER INSERT ON `segments` BEGIN
  UPDATE `shops` SET `segments_version` = `segments_version` + 1 WHERE `id` = NEW.`shop_id`;
END;--> statement-breakpoint
CREATE TRIGGER `segments_version_on_update` AFTER UPDATE OF `definition`, `revision`, `shop_id` ON `segments` BEGIN
  UPDATE `shops` SET `segments_version` = `segments_version` + 1 WHERE `id` IN (OLD.`shop_id`, NEW.`shop_id`);
END;--> statement-breakpoint
CREATE TRIGGER `segments_version_on_delete` AFTER DELETE ON `segments` BEGIN
  UPDATE `shops` SET `segments_version` = `segments_version` + 1 WHERE `id` = OLD.`shop_id`;
END;
