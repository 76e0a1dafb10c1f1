import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { segmentProgress } from "../models/segment-builder.server";

/** A segment's computation, for the builder to poll after saving: `{ status, done, total, memberCount, error }`. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segmentId = Number(params.segmentId);
  const progress = Number.isSafeInteger(segmentId) ? segmentProgress(getDb(), { shopId: shop.id, segmentId }) : null;
  if (!progress) throw json({ error: "This segment does not exist" }, { status: 404 });
  return json(progress, { headers: { "Cache-Control": "no-store" } });
};
