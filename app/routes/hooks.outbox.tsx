import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "../db.server";
import { messagingConfig } from "../messaging/config.server";
import { readSignedJson } from "../messaging/inbound.server";
import { OutboxPayloadSchema, receiveOutboxMessage } from "../messaging/outbox.server";

/**
 * POST /hooks/outbox: the demo mode's built-in provider. It verifies our own send hook signature
 * exactly as a real provider would and keeps one message per idempotency key (shown at /app/outbox).
 * Outside demo mode it does not exist.
 */
export const loader = () => new Response("Not found", { status: 404 });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (!messagingConfig().builtinOutbox) return new Response("Not found", { status: 404 });
  const db = getDb();
  const read = await readSignedJson(db, request, { schema: OutboxPayloadSchema, nowMs: Date.now() });
  if (!read.ok) return json({ error: read.error }, { status: read.status });
  const { id, duplicate } = receiveOutboxMessage(db, { shopId: read.shopId, payload: read.body, now: Date.now() });
  return json({ id: `outbox_${id}`, duplicate });
};
