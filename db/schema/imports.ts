import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

export type ImportStatus = "uploaded" | "queued" | "running" | "done" | "failed";

/**
 * A CSV file of contacts uploaded in the admin, and its import. The file is streamed to disk
 * (`file_path`, under the app's data folder) and removed when the import ends. `bytes_done` and
 * `rows_done` are committed with each batch, so a crashed or paused import continues after the
 * last committed row. `mapping` is the merchant's column → field choice (JSON, one entry per
 * column of `header`); `counts` are the running totals shown in the summary (JSON).
 */
export const imports = sqliteTable(
  "imports",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    fileName: text("file_name").notNull(),
    filePath: text("file_path"),
    fileBytes: integer("file_bytes").notNull(),
    /** `,`, `;` or a tab: guessed from the header line. */
    delimiter: text("delimiter").notNull().default(","),
    status: text("status").$type<ImportStatus>().notNull(),
    /** JSON array: the header row's cells. */
    header: text("header").notNull(),
    /** JSON array of arrays: the first data rows, for the preview. */
    preview: text("preview").notNull(),
    /** JSON array, one field per column (`ignore`, `email`, `attribute:<key>` …); null until started. */
    mapping: text("mapping"),
    rowsDone: integer("rows_done").notNull().default(0),
    bytesDone: integer("bytes_done").notNull().default(0),
    counts: text("counts").notNull().default("{}"),
    error: text("error"),
    /** When the merchant started it: the time of every tag, attribute and sign-up it writes. */
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("imports_shop_created_idx").on(t.shopId, t.createdAt)],
);

/** One problem of a rejected row (a row can have several): the downloadable report. */
export const importRejections = sqliteTable(
  "import_rejections",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    /** The row as a spreadsheet numbers it: the header is row 1. */
    row: integer("row").notNull(),
    /** The column's header, or several joined with " / " when the problem spans them. */
    column: text("column").notNull(),
    value: text("value").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("import_rejections_import_idx").on(t.importId, t.row)],
);
