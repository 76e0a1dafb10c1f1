import type { Sqlite } from "../client.server";

/** The tables a generated store fills in bulk. */
const BULK_TABLES = ["contacts", "contact_tags", "contact_attributes", "orders", "order_lines", "refunds", "events", "checkouts"];

/**
 * Runs a bulk load with the non-unique secondary indexes of the bulk tables dropped, then builds
 * them again (sorting once is far cheaper than millions of random B-tree inserts: performance.md
 * §2.7 measured 30–130× per event). Unique indexes stay, so the load still enforces them. If the
 * load throws, the indexes are rebuilt all the same.
 */
export function withDeferredIndexes<T>(sqlite: Sqlite, load: () => T): T {
  const placeholders = BULK_TABLES.map(() => "?").join(", ");
  const indexes = sqlite
    .prepare(
      `SELECT m.name, m.sql FROM sqlite_master m
        WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name IN (${placeholders})
          AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.tbl_name) l WHERE l.name = m.name AND l."unique" = 1)`,
    )
    .all(...BULK_TABLES) as { name: string; sql: string }[];
  for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  try {
    return load();
  } finally {
    for (const { sql } of indexes) sqlite.exec(sql);
  }
}
