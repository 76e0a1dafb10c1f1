import { getTableColumns, getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/client.server";
import * as schema from "../../db/schema";
import { createTempDir, createTestDb } from "../helpers/test-db";

const tables: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));

describe("migrations on a fresh database", () => {
  const db = createTestDb();
  const columnsOf = (table: string) =>
    (db.$client.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as { name: string }[]).map((c) => c.name);

  it("create every table and column the drizzle schema declares", () => {
    expect(tables.length).toBeGreaterThanOrEqual(25);
    for (const table of tables) {
      const expected = Object.values(getTableColumns(table)).map((c) => c.name).sort();
      expect(columnsOf(getTableName(table)).sort(), getTableName(table)).toEqual(expected);
    }
  });

  it("keep the key tables WITHOUT ROWID (hand-amended DDL drizzle-kit cannot express)", () => {
    const withoutRowid = (db.$client.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'`).all() as { name: string }[])
      .map((r) => r.name)
      .sort();
    expect(withoutRowid).toEqual(["campaign_recipients", "campaign_segments", "contact_attributes", "contact_tags", "pixel_event_ids", "product_categories", "segment_members", "segment_rechecks", "send_hooks", "tag_tombstones"]);
  });

  it("give every tenant table a shop_id column, and no index whose only column is the shop", () => {
    const tenantless = ["sessions", "shops", "__drizzle_migrations"];
    for (const table of tables.map(getTableName).filter((t) => !tenantless.includes(t))) {
      expect(columnsOf(table), table).toContain("shop_id");
    }
    const indexes = db.$client.prepare(`SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string }[];
    for (const { name } of indexes) {
      const cols = (db.$client.prepare(`PRAGMA index_info(${JSON.stringify(name)})`).all() as { name: string }[]).map((c) => c.name);
      expect(cols, name).not.toEqual(["shop_id"]);
    }
  });

  it("can run again without changing anything", () => {
    const before = db.$client.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get();
    migrateDatabase(db);
    expect(db.$client.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get()).toEqual(before);
  });
});

describe("a database file opened by the app", () => {
  const tmp = createTempDir();
  afterAll(() => tmp.cleanup());

  it("uses WAL, NORMAL sync, a busy timeout and foreign keys", () => {
    const db = openDatabase(join(tmp.dir, "nested", "app.sqlite"));
    migrateDatabase(db);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() =>
      db.$client.prepare(`INSERT INTO contacts (shop_id, created_at, updated_at) VALUES (999, 0, 0)`).run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    db.$client.close();
  });
});
