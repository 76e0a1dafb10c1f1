import { join } from "node:path";
import { openDatabase, type Db } from "../../db/client.server";
import { startServer, type RunningServer } from "./server";
import { createTempDir } from "./test-db";

/** The demo's fixed "now" for tests that compare against seeded dates. */
export const DEMO_ANCHOR = "2026-11-28T12:00:00Z";

export type DemoServer = {
  server: RunningServer;
  /** The server's database, opened by the test (read-only unless asked otherwise). */
  db: Db;
  databasePath: string;
  /** The temporary folder holding the database; removed by `stop`. */
  dir: string;
  /** Closes the database, stops the server and removes the folder. */
  stop: () => Promise<void>;
};

type Options = {
  /** DEMO_ANCHOR for the seed; without it the demo is seeded around the real now. */
  anchor?: string;
  /** Open the database for writing (tests that create segments directly). */
  writable?: boolean;
};

/** The real server in demo mode on a fresh database in a temporary folder, and that database opened. */
export async function startDemoServer({ anchor, writable = false }: Options = {}): Promise<DemoServer> {
  const tmp = createTempDir();
  const databasePath = join(tmp.dir, "demo.sqlite");
  let server: RunningServer | undefined;
  let db: Db | undefined;
  const stop = async () => {
    db?.$client.close();
    await server?.stop();
    tmp.cleanup();
  };
  try {
    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: databasePath, ...(anchor ? { DEMO_ANCHOR: anchor } : {}) });
    db = openDatabase(databasePath, { readonly: !writable });
    return { server, db, databasePath, dir: tmp.dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The server's error and fatal log lines. */
export const serverErrors = (server: RunningServer) => server.logs.filter((line) => /"level":(50|60)/.test(line));

/** Polls `check` until it holds; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean, { timeoutMs = 60_000, intervalMs = 100 } = {}): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until the server's inbox worker has applied every delivery: nothing pending and, with
 * `received`, at least that many deliveries in the inbox.
 */
export function inboxDrained(db: Db, { received = 0, timeoutMs = 60_000 } = {}): Promise<void> {
  const count = (where: string) => db.$client.prepare(`SELECT count(*) FROM webhook_inbox ${where}`).pluck().get() as number;
  return waitUntil("the inbox to be drained", () => count(`WHERE status = 'pending'`) === 0 && count("") >= received, { timeoutMs });
}
