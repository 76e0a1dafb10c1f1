import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { Readable, pipeline } from "node:stream";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { neutraliseFormula } from "../format/csv-cells";
import { findImport, rejectionRows } from "../imports/imports.server";
import { logger } from "../logger.server";

const ParamsSchema = z.object({ importId: z.coerce.number().int().positive() });

/** The rejected rows of an import as a CSV: row number (the header is row 1), column, value and reason; streamed. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ParamsSchema.safeParse(params);
  const db = getDb();
  const record = parsed.success ? findImport(db, { shopId: shop.id, importId: parsed.data.importId }) : null;
  if (!record) throw new Response("Import not found", { status: 404 });
  const csv = pipeline(
    Readable.from(rejectionRows(db, { shopId: shop.id, importId: record.id })),
    stringify({ header: true, columns: ["row", "column", "value", "reason"], cast: { string: neutraliseFormula } }),
    (error) => {
      if (error) logger.error({ err: error, importId: record.id }, "rejected rows CSV failed");
    },
  );
  const base = record.fileName.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "-") || "import";
  return new Response(createReadableStreamFromReadable(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-rejected-rows.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
