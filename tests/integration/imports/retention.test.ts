import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createImport } from "../../../app/imports/imports.server";
import { IMPORT_REPORT_RETENTION_MS, UNSTARTED_UPLOAD_RETENTION_MS, pruneImports } from "../../../app/imports/retention.server";
import { createShop } from "../../factories/store";
import { createTempDir, createTestDb } from "../../helpers/test-db";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const DAY = 86_400_000;

describe("import retention (the daily prune)", () => {
  const tmp = createTempDir("segmentflow-import-retention-");
  afterAll(() => tmp.cleanup());

  function upload(db: ReturnType<typeof createTestDb>, shopId: number, name: string, at: number) {
    const filePath = join(tmp.dir, name);
    writeFileSync(filePath, "Email\nada@example.com\n");
    return { filePath, id: createImport(db, { shopId, fileName: name, filePath, fileBytes: 22, delimiter: ",", header: ["Email"], preview: [["ada@example.com"]], now: at }) };
  }

  it("drops an upload nobody started after a day, file and all, and keeps a fresh one", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const old = upload(db, shop.id, "old.csv", NOW - UNSTARTED_UPLOAD_RETENTION_MS - 1);
    const fresh = upload(db, shop.id, "fresh.csv", NOW - 60_000);
    expect(pruneImports(db, NOW)).toEqual({ uploadsDropped: 1, reportsDropped: 0 });
    expect(existsSync(old.filePath)).toBe(false);
    expect(existsSync(fresh.filePath)).toBe(true);
    expect(db.$client.prepare(`SELECT file_name FROM imports`).pluck().all()).toEqual(["fresh.csv"]);
  });

  it("removes a finished import's rejected rows after 30 days, keeping the import and its counts", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const finished = (name: string, finishedAt: number) => {
      const { id } = upload(db, shop.id, name, finishedAt - DAY);
      db.$client.prepare(`UPDATE imports SET status = 'done', counts = '{"rejected":1}', finished_at = ? WHERE id = ?`).run(finishedAt, id);
      db.$client.prepare(`INSERT INTO import_rejections (shop_id, import_id, row, "column", value, reason) VALUES (?, ?, 2, 'Email', 'bob@', 'not an email address')`).run(shop.id, id);
      return id;
    };
    const old = finished("march.csv", NOW - IMPORT_REPORT_RETENTION_MS - 1);
    const recent = finished("november.csv", NOW - DAY);
    expect(pruneImports(db, NOW)).toEqual({ uploadsDropped: 0, reportsDropped: 1 });
    expect(db.$client.prepare(`SELECT import_id FROM import_rejections`).pluck().all()).toEqual([recent]);
    expect(db.$client.prepare(`SELECT counts FROM imports WHERE id = ?`).pluck().get(old)).toBe('{"rejected":1}');
  });
});
