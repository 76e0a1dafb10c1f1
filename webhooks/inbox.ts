import type { Db } from "../db/client.server";
import type { Platform } from "../db/enums";
import { prepared } from "../db/statement-cache";
import { wakeInbox } from "./wake";

export type Delivery = {
  shopId: number;
  platform: Platform;
  topic: string;
  webhookId: string | null;
  eventId: string | null;
  /** Platform trigger time (ms), if the delivery carries one. */
  triggeredAt: number | null;
  apiVersion: string | null;
  /** The raw request body, exactly as received (parsed losslessly later). */
  body: string;
  receivedAt: number;
};

const INSERT = `INSERT INTO webhook_inbox (shop_id, platform, topic, dedupe_key, webhook_id, event_id, triggered_at, api_version, body, received_at, status)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING`;

/**
 * Durable intake: stores a verified delivery before we answer 200. The dedupe key is the event id
 * (shared by all deliveries of one platform action and topic), else the delivery id, so a
 * redelivery is stored once. Returns false for a duplicate.
 */
export function storeDelivery(db: Db, delivery: Delivery): { stored: boolean } {
  const dedupeKey = delivery.eventId ?? delivery.webhookId;
  if (!dedupeKey) throw new Error("a webhook delivery needs an event id or a delivery id");
  // a statement prepared once (intake's hot path: building the insert with drizzle cost more than running it)
  const result = prepared(db.$client, INSERT).run(
    delivery.shopId, delivery.platform, delivery.topic, dedupeKey, delivery.webhookId, delivery.eventId, delivery.triggeredAt,
    delivery.apiVersion, delivery.body, delivery.receivedAt,
  );
  if (result.changes === 1) wakeInbox();
  return { stored: result.changes === 1 };
}

/** `2025-07-10T16:15:47.123456Z` → epoch ms (sub-millisecond digits dropped); null if absent or malformed. */
export function parseTriggeredAt(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(ms) ? null : ms;
}
