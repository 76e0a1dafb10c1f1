import { openDatabase, type Db } from "../db/client.server";
import { getEnv } from "./env.server";

declare global {
  // The server entry and the Remix build are separate bundles in one process; they share the
  // connection through this global (the Shopify template's singleton pattern).
  var __segmentflowDb: Db | undefined;
}

/** The process-wide connection for routes and jobs. Services receive `db` as an argument. */
export function getDb(): Db {
  globalThis.__segmentflowDb ??= openDatabase(getEnv().DATABASE_PATH, { backgroundCheckpoints: true });
  return globalThis.__segmentflowDb;
}

/** Installs an already opened (and migrated) connection as the process-wide one. */
export function setDb(db: Db | undefined): void {
  globalThis.__segmentflowDb = db;
}
