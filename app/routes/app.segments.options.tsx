import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { findPickerOptions, PICKER_KINDS } from "../models/segment-builder.server";

const QuerySchema = z.object({
  kind: z.enum(PICKER_KINDS),
  q: z.string().max(200).optional(),
  value: z.array(z.string().max(255)).max(500),
});

/**
 * Options of the builder's pickers, from the shop's data: GET ?kind=product&q=tee (search), or
 * ?kind=product&value=12&value=14 (name what a definition already holds) → `{ options: [{ value, label, detail? }] }`.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const parsed = QuerySchema.safeParse({ kind: params.get("kind") ?? undefined, q: params.get("q") ?? undefined, value: params.getAll("value") });
  if (!parsed.success) return json({ options: [], error: `Say what to list: kind is one of ${PICKER_KINDS.join(", ")}` }, { status: 400 });
  const { kind, q, value } = parsed.data;
  return json({ options: findPickerOptions(getDb(), { shopId: shop.id, kind, query: q, values: value.length ? value : null }) });
};
