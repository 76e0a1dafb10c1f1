import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "../db.server";
import { readSignedJson } from "../messaging/inbound.server";
import { applySmsInbound, SmsInboundSchema } from "../messaging/sms-inbound.server";

/**
 * POST /hooks/sms/inbound: replies to our SMS, forwarded by the provider and signed with the SMS
 * send hook secret. STOP (and the other carrier keywords) unsubscribes at once; START re-subscribes.
 */
export const loader = () => new Response("POST only", { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const db = getDb();
  const read = await readSignedJson(db, request, { schema: SmsInboundSchema, channel: "sms", nowMs: Date.now() });
  if (!read.ok) return json({ error: read.error }, { status: read.status });
  return json(applySmsInbound(db, { shopId: read.shopId, body: read.body, now: Date.now() }));
};
