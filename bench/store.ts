/** Store files for the benchmark: free-space check, generation in a child process, engine stats. */
import { execFile } from "node:child_process";
import { rmSync, statfsSync } from "node:fs";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../server/paths";
import type { Db } from "../db/client.server";
import { CONTACTS_PER_SCALE } from "../db/seed/generate-store";

const run = promisify(execFile);

/** Bytes a store takes per contact (with its orders, events and indexes), measured at 100,000 contacts; the floor's file about the same. */
const BYTES_PER_CONTACT = 4_500;

/** Fails with a clear message when `dir` lacks room for the stores of this run. */
export function checkDiskSpace(dir: string, contacts: number): void {
  const needed = contacts * BYTES_PER_CONTACT * 2.5; // our store, the floor's, headroom for the WAL
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  if (free < needed) {
    throw new Error(`Not enough disk space in ${dir}: ${(free / 2 ** 30).toFixed(1)} GiB free, about ${(needed / 2 ** 30).toFixed(1)} GiB needed for ${contacts.toLocaleString("en-US")} contacts (use a smaller --scale or another --out).`);
  }
}

export type GeneratedStore = { file: string; shopId: number; seconds: number; counts: { contacts: number; orders: number; orderLines: number; events: number } };

/** Writes a fresh store with `npm run seed` in a child process (its memory is not the engine's). */
export async function generateStoreFile(file: string, { contacts, anchor }: { contacts: number; anchor: number }): Promise<GeneratedStore> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const { stdout } = await run(process.execPath, ["--import", "tsx", "db/seed/cli.ts", "--db", file, "--scale", String(contacts / CONTACTS_PER_SCALE), "--anchor", new Date(anchor).toISOString()], {
    cwd: PROJECT_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = JSON.parse(stdout) as { shopId: number; seconds: number; counts: GeneratedStore["counts"] };
  return { file, shopId: summary.shopId, seconds: summary.seconds, counts: summary.counts };
}

/** Bytes of the events table and its indexes per event row. */
export function bytesPerEvent(db: Db, events: number): number {
  const bytes = db.$client
    .prepare(`SELECT sum(pgsize) FROM dbstat WHERE name = 'events' OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events')`)
    .pluck()
    .get() as number;
  return bytes / events;
}
