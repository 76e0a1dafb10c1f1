import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SAFETY_NET_PAGES, startBackgroundCheckpoints } from "./checkpointer.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Sqlite = Database.Database;

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

export type OpenOptions = {
  /** Open read-only (worker readers); skips pragmas that write. */
  readonly?: boolean;
  /** Page cache in MiB (default 64). */
  cacheMiB?: number;
  /**
   * Checkpoint the WAL from a background thread instead of inside commits (the app's server and
   * the benchmark; see `checkpointer.server.ts`). Files only.
   */
  backgroundCheckpoints?: boolean;
};

/**
 * Opens a SQLite file (or `:memory:`) the one way the app does: WAL, NORMAL sync, a 5 s busy
 * timeout, foreign keys on, temp tables in memory. The only place a connection is made.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { readonly: options.readonly ?? false, timeout: 5000 });
  if (!options.readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma(`cache_size = -${(options.cacheMiB ?? 64) * 1024}`);
  if (options.backgroundCheckpoints && !options.readonly && path !== ":memory:") {
    sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    startBackgroundCheckpoints(path);
  }
  return drizzle(sqlite, { schema }) as Db;
}

/** Applies the committed drizzle-kit migrations in `db/migrations` (idempotent). */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
