import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase, type Db } from "../../db/client.server";

/** A fresh, migrated in-memory database: each test file gets its own, nothing to clean up. */
export function createTestDb(): Db {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  return db;
}

/** A fresh temporary folder (for SQLite files), removed by the returned cleanup. */
export function createTempDir(prefix = "segmentflow-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
