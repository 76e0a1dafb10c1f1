import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getDb } from "../db.server";
import { readSignedJson } from "../messaging/inbound.server";
import { applyProviderEvents, ProviderEventsSchema } from "../messaging/provider-events.server";

/**
 * POST /hooks/provider/events: delivery callbacks from the email or SMS provider (delivered, bounced,
 * complained, unsubscribed), signed with that channel's send hook secret (README: Messages).
 */
export const loader = () => new Response("POST only", { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const db = getDb();
  const read = await readSignedJson(db, request, { schema: ProviderEventsSchema, nowMs: Date.now() });
  if (!read.ok) return json({ error: read.error }, { status: read.status });
  return json(applyProviderEvents(db, { shopId: read.shopId, body: read.body, now: Date.now() }));
};
