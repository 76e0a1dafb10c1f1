DROP INDEX `webhook_inbox_pending_idx`;--> statement-breakpoint
CREATE INDEX `webhook_inbox_pending_order_idx` ON `webhook_inbox` (coalesce("triggered_at", "received_at"),`id`) WHERE "webhook_inbox"."status" = 'pending';
