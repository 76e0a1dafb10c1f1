import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { findImport, importView } from "../imports/imports.server";

/** An import's progress, for its page to poll: `{ status, percent, rowsDone, counts }`. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const importId = Number(params.importId);
  const record = Number.isSafeInteger(importId) ? findImport(getDb(), { shopId: shop.id, importId }) : null;
  if (!record) throw json({ error: "This import does not exist" }, { status: 404 });
  const { status, percent, rowsDone, counts } = importView(record);
  return json({ status, percent, rowsDone, counts }, { headers: { "Cache-Control": "no-store" } });
};
