import { Column, getTableColumns, getTableName, type InferSelectModel } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Sqlite } from "./client.server";
import { prepared } from "./statement-cache";

/**
 * Whole rows of a drizzle table through prepared statements, for hot paths (webhook processing)
 * where building a `db.select().from(table)` on every call cost more than running it. Rows come
 * back exactly as drizzle returns them: property names and each column's driver mapping (e.g.
 * `mode: "boolean"`) come from the table's own definition.
 */
export type RowReader<T extends SQLiteTable> = {
  /** `SELECT <every column> FROM <table>` (append a WHERE clause). */
  select: string;
  read: (raw: unknown[] | undefined) => InferSelectModel<T> | undefined;
};

const readers = new WeakMap<SQLiteTable, RowReader<SQLiteTable>>();

export function rowReader<T extends SQLiteTable>(table: T): RowReader<T> {
  const known = readers.get(table);
  if (known) return known as unknown as RowReader<T>;
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  // only columns with their own driver mapping (booleans, timestamps, JSON…) need a call per value
  const mapped = columns.map(([, c]) => c.mapFromDriverValue !== Column.prototype.mapFromDriverValue);
  const reader: RowReader<SQLiteTable> = {
    select: `SELECT ${columns.map(([, c]) => `"${c.name}"`).join(", ")} FROM "${getTableName(table)}"`,
    read: (raw) => {
      if (!raw) return undefined;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const [key, column] = columns[i];
        const value = raw[i];
        row[key] = value === null || !mapped[i] ? value : column.mapFromDriverValue(value);
      }
      return row as InferSelectModel<SQLiteTable>;
    },
  };
  readers.set(table, reader);
  return reader as unknown as RowReader<T>;
}

/** One row (or none) of `table` matching `where` (SQL with `?` parameters), mapped as drizzle maps it. */
export function getRow<T extends SQLiteTable>(sqlite: Sqlite, table: T, where: string, ...params: unknown[]): InferSelectModel<T> | undefined {
  const reader = rowReader(table);
  return reader.read(prepared(sqlite, `${reader.select} WHERE ${where}`).raw().get(...params) as unknown[] | undefined);
}

/**
 * `UPDATE table SET <the keys of set> WHERE id = ? AND shop_id = ?`, values mapped as drizzle maps
 * them; one prepared statement per distinct set of keys.
 */
export function updateRowById<T extends SQLiteTable>(sqlite: Sqlite, table: T, { id, shopId, set }: { id: number; shopId: number; set: Partial<InferSelectModel<T>> }): void {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const keys = Object.keys(set).filter((k) => (set as Record<string, unknown>)[k] !== undefined);
  if (keys.length === 0) return;
  const text = `UPDATE "${getTableName(table)}" SET ${keys.map((k) => `"${columns[k].name}" = ?`).join(", ")} WHERE "id" = ? AND "shop_id" = ?`;
  const values = keys.map((k) => {
    const value = (set as Record<string, unknown>)[k];
    return value === null ? null : columns[k].mapToDriverValue(value);
  });
  prepared(sqlite, text).run(...values, id, shopId);
}
