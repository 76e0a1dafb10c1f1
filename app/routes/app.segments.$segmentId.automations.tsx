import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { estimateTriggerAll } from "../automations/segment-automations.server";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";
import { findSegment } from "../models/segments.server";

const SegmentIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * For the segment update modal (JSON): the automations that use the segment, last updated first,
 * what "trigger all current members" would enrol and send, and whether the quota covers it.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const segmentId = SegmentIdSchema.safeParse(params.segmentId);
  if (!segmentId.success || !findSegment(db, { shopId: shop.id, segmentId: segmentId.data })) throw new Response("Segment not found", { status: 404 });
  const estimate = estimateTriggerAll(db, { shopId: shop.id, segmentId: segmentId.data, now: Date.now() });
  return json({ ...estimate, automations: estimate.automations.map((a) => ({ ...a, updated: formatDateTime(a.updatedAt, shop.timeZone) })) });
};
