import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { exportSegmentForShop, importShopifyQueryForShop } from "../models/shopify-query.server";
import { MAX_QUERY_LENGTH } from "../segments/shopify-query/tokens";

/**
 * The Shopify segment query bridge, for the shop of the session.
 *
 * POST `{ "query": "…" }` (JSON) → `{ ok: true, definition, warnings }`, or `{ ok: false, error: { line, column, message } }` (422).
 * GET `?segmentId=<id>` → `{ ok: true, query, warnings }`, or `{ ok: false, reason, problems }` when Shopify's language cannot say it.
 */

const ImportSchema = z.object({ query: z.string().max(MAX_QUERY_LENGTH + 1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const body = ImportSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return json({ ok: false as const, error: { line: 1, column: 1, message: "Send the query as JSON: { \"query\": \"…\" }" } }, { status: 400 });
  const result = importShopifyQueryForShop(getDb(), { shopId: shop.id, query: body.data.query, now: Date.now() });
  return json(result, { status: result.ok ? 200 : 422 });
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segmentId = z.coerce.number().int().positive().safeParse(new URL(request.url).searchParams.get("segmentId"));
  if (!segmentId.success) return json({ ok: false as const, reason: "Give the segment: ?segmentId=<id>", problems: [] }, { status: 400 });
  const result = exportSegmentForShop(getDb(), { shopId: shop.id, segmentId: segmentId.data, now: Date.now() });
  if (!result) return json({ ok: false as const, reason: "Segment not found", problems: [] }, { status: 404 });
  return json(result);
};
