import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { diffSegmentEdit } from "../models/segment-builder.server";

/**
 * The member diff shown before an update. POST `{ "definition": … }` (JSON) → who would join and
 * who would leave (counts and up to 10 of each), against the segment's stored members.
 */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segmentId = Number(params.segmentId);
  const body = (await request.json().catch(() => null)) as { definition?: unknown } | null;
  if (!body || typeof body !== "object" || !("definition" in body)) {
    return json({ ok: false as const, issues: [{ nodeId: null, message: "Send the definition as JSON: { \"definition\": … }" }] }, { status: 400 });
  }
  const diff = Number.isSafeInteger(segmentId) ? diffSegmentEdit(getDb(), { shopId: shop.id, segmentId, definition: body.definition, now: Date.now() }) : null;
  if (!diff) throw json({ ok: false, issues: [{ nodeId: null, message: "This segment does not exist" }] }, { status: 404 });
  return json(diff, { status: diff.ok ? 200 : 422 });
};
