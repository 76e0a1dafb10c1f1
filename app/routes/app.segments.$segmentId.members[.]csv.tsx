import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { Readable, pipeline } from "node:stream";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { getDb } from "../db.server";
import { neutraliseFormula } from "../format/csv-cells";
import { logger } from "../logger.server";
import { MEMBER_CSV_COLUMNS, csvFileName, segmentMemberCsvRows } from "../models/segment-page.server";
import { findSegment } from "../models/segments.server";

const ParamsSchema = z.object({ segmentId: z.coerce.number().int().positive() });

/** The segment's members as a CSV download, streamed in batches (a large segment never sits in memory). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Segment not found", { status: 404 });
  const db = getDb();
  const segment = findSegment(db, { shopId: shop.id, segmentId: parsed.data.segmentId });
  if (!segment) throw new Response("Segment not found", { status: 404 });
  const rows = segmentMemberCsvRows(db, { shopId: shop.id, segmentId: segment.id, currency: shop.currency });
  const csv = pipeline(
    Readable.from(rows),
    stringify({ header: true, columns: [...MEMBER_CSV_COLUMNS], cast: { string: neutraliseFormula } }),
    (error) => {
      if (error) logger.error({ err: error, segmentId: segment.id }, "members CSV export failed");
    },
  );
  return new Response(createReadableStreamFromReadable(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFileName(segment.name)}"`,
      "Cache-Control": "no-store",
    },
  });
};
