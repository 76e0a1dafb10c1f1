import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { estimateSegment } from "../models/segment-builder.server";

/**
 * The builder's live count. POST `{ "definition": … }` (JSON) → `{ ok: true, count, ms }`, or
 * `{ ok: false, issues }` (422) with the problems on their node ids. Counts the shop's contacts now.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const body = (await request.json().catch(() => null)) as { definition?: unknown } | null;
  if (!body || typeof body !== "object" || !("definition" in body)) {
    return json({ ok: false as const, issues: [{ nodeId: null, message: "Send the definition as JSON: { \"definition\": … }" }] }, { status: 400 });
  }
  const result = estimateSegment(getDb(), { shopId: shop.id, definition: body.definition, now: Date.now() });
  return json(result, { status: result.ok ? 200 : 422 });
};
