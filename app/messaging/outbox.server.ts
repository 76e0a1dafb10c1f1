import { z } from "zod";
import type { Db } from "../../db/client.server";

/**
 * The demo's built-in provider. Its route (`/hooks/outbox`) receives our signed send hook requests
 * exactly as a provider would, verifies them, and keeps one row per idempotency key: a repeated
 * request (a retry, a resend after a crash) counts a delivery but is not a second message.
 */
export const OutboxPayloadSchema = z.object({
  type: z.enum(["message", "test"]),
  idempotency_key: z.string().min(1).max(200),
  shop: z.string(),
  channel: z.enum(["email", "sms"]),
  to: z.string().max(320),
  subject: z.string().max(1000).optional(),
  html: z.string().optional(),
  text: z.string().optional(),
});
export type OutboxPayload = z.infer<typeof OutboxPayloadSchema>;

/** Stores a received message; returns its outbox id and whether the key was seen before. */
export function receiveOutboxMessage(db: Db, { shopId, payload, now }: { shopId: number; payload: OutboxPayload; now: number }): { id: number; duplicate: boolean } {
  const row = db.$client
    .prepare(
      `INSERT INTO outbox_messages (shop_id, channel, idempotency_key, to_address, subject, body, is_test, received_at, last_received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (shop_id, idempotency_key) DO UPDATE SET deliveries = deliveries + 1, last_received_at = excluded.last_received_at
       RETURNING id, deliveries`,
    )
    .get(shopId, payload.channel, payload.idempotency_key, payload.to, payload.subject ?? null, payload.html ?? payload.text ?? "", payload.type === "test" ? 1 : 0, now, now) as {
    id: number;
    deliveries: number;
  };
  return { id: row.id, duplicate: row.deliveries > 1 };
}

export type OutboxEntry = {
  id: number;
  channel: "email" | "sms";
  idempotencyKey: string;
  to: string | null;
  subject: string | null;
  body: string | null;
  isTest: boolean;
  deliveries: number;
  receivedAt: number;
};

export function listOutbox(db: Db, { shopId, limit = 50, offset = 0 }: { shopId: number; limit?: number; offset?: number }): { entries: OutboxEntry[]; total: number } {
  const entries = db.$client
    .prepare(
      `SELECT id, channel, idempotency_key AS idempotencyKey, to_address AS "to", subject, body, is_test AS isTest, deliveries, received_at AS receivedAt
       FROM outbox_messages WHERE shop_id = ? ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(shopId, limit, offset) as (Omit<OutboxEntry, "isTest"> & { isTest: number })[];
  const total = db.$client.prepare(`SELECT count(*) FROM outbox_messages WHERE shop_id = ?`).pluck().get(shopId) as number;
  return { entries: entries.map((e) => ({ ...e, isTest: e.isTest === 1 })), total };
}
