import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import type { Db, Sqlite } from "../../db/client.server";
import { logger } from "../logger.server";

/**
 * Erasure on disk. Deleting a row in SQLite does not remove its bytes: the old cell stays in the
 * page's free space, in the WAL, and (after page splits and earlier updates) in stale copies
 * elsewhere in the file. So an erasure (customers/redact, shop/redact):
 *
 * 1. runs its writes with `PRAGMA secure_delete = ON` (freed cells and pages are zeroed);
 * 2. after its transaction commits, `flushErasures` runs `wal_checkpoint(TRUNCATE)`, so the
 *    zeroed pages replace the old ones in the database file and the WAL is emptied;
 * 3. then verifies: it scans the database file and the WAL for the erased customer's email and
 *    phone (held in memory only, never written anywhere). Stale copies written before
 *    secure_delete was on (e.g. by earlier updates of the row) are removed by a `VACUUM`, which
 *    rebuilds the file from live rows only. A shop erasure always vacuums. VACUUM is skipped (and
 *    an error logged) when the live data exceeds `VACUUM_MAX_BYTES`: it blocks the process and
 *    needs that much memory (temp_store = MEMORY).
 *
 * Step 3 is in-process: if the process stops between commit and flush, the hourly
 * `maintenance.checkpoint` job still empties the WAL, but stale copies are not looked for.
 */

export const VACUUM_MAX_BYTES = 256 * 1024 * 1024;
/** Needles shorter than this would match unrelated bytes. */
const MIN_NEEDLE_BYTES = 6;
const CHUNK_BYTES = 8 * 1024 * 1024;

export type PendingErasure =
  | { kind: "customer"; shopId: number; contactIds: number[]; needles: string[] }
  | { kind: "shop"; shopId: number };

export type ErasureFlushReport = {
  erasures: number;
  checkpoint: { busy: number; log: number; checkpointed: number } | null;
  /** Needles still found in the file or the WAL after the checkpoint, before any VACUUM. */
  remnants: number;
  vacuumed: boolean;
  /** Needles still found at the end (0 unless VACUUM was skipped or a live row holds them again). */
  remaining: number;
};

const pending = new WeakMap<Sqlite, PendingErasure[]>();
const chains = new WeakMap<Sqlite, Promise<unknown>>();

/** Runs `fn` with secure_delete on for this connection, then restores the previous setting. */
export function withSecureDelete<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  const previous = Number(sqlite.pragma("secure_delete", { simple: true }));
  sqlite.pragma("secure_delete = ON");
  try {
    return fn();
  } finally {
    sqlite.pragma(`secure_delete = ${previous === 2 ? "FAST" : previous === 1 ? "ON" : "OFF"}`);
  }
}

/** Records an erasure whose bytes `flushErasures` must remove once its transaction has committed. */
export function queueErasureFlush(db: Db, erasure: PendingErasure): void {
  const list = pending.get(db.$client) ?? [];
  list.push(erasure);
  pending.set(db.$client, list);
}

export function hasPendingErasures(db: Db): boolean {
  return (pending.get(db.$client)?.length ?? 0) > 0;
}

/** An erasure rolled back with its transaction is dropped (its data is live again on purpose). */
function committed(sqlite: Sqlite, erasure: PendingErasure): boolean {
  if (erasure.kind === "shop") return sqlite.prepare(`SELECT 1 FROM shops WHERE id = ?`).get(erasure.shopId) === undefined;
  if (erasure.contactIds.length === 0) return true;
  const redacted = sqlite
    .prepare(`SELECT count(*) FROM contacts WHERE shop_id = ? AND redacted_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))`)
    .pluck()
    .get(erasure.shopId, JSON.stringify(erasure.contactIds)) as number;
  return redacted === erasure.contactIds.length;
}

function checkpoint(sqlite: Sqlite): ErasureFlushReport["checkpoint"] {
  if (sqlite.memory) return null;
  const [result] = sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
  return result ?? null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A checkpoint a reader blocked (busy) is retried for up to ~5 s: until it completes, the WAL keeps old pages. */
async function settled(sqlite: Sqlite, result: ErasureFlushReport["checkpoint"]): Promise<ErasureFlushReport["checkpoint"]> {
  for (let attempt = 0; result?.busy && attempt < 20; attempt++) {
    await sleep(250);
    result = checkpoint(sqlite);
  }
  return result;
}

/**
 * Call after the transaction that ran `redactCustomer`/`redactShop` committed (the inbox processor
 * does, after each batch), outside any transaction. Checkpoints at once (synchronously), then
 * verifies and, if needed, vacuums asynchronously; the promise (also chained per connection, so
 * flushes never overlap) resolves with what was done. Null when nothing was pending.
 */
export function flushErasures(db: Db): Promise<ErasureFlushReport> | null {
  const sqlite = db.$client;
  const queue = pending.get(sqlite);
  if (!queue?.length || sqlite.inTransaction) return null;
  pending.delete(sqlite);
  const erasures = queue.filter((erasure) => committed(sqlite, erasure));
  if (erasures.length === 0) return null;
  const first = checkpoint(sqlite);
  const previous = chains.get(sqlite) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => verifyAndVacuum(sqlite, erasures, first))
    .catch((error: unknown) => {
      logger.error({ err: error, erasures: erasures.length }, "erasure flush failed");
      return { erasures: erasures.length, checkpoint: first, remnants: -1, vacuumed: false, remaining: -1 } satisfies ErasureFlushReport;
    });
  chains.set(sqlite, run);
  return run;
}

async function verifyAndVacuum(sqlite: Sqlite, erasures: PendingErasure[], first: ErasureFlushReport["checkpoint"]): Promise<ErasureFlushReport> {
  const needles = [...new Set(erasures.flatMap((e) => (e.kind === "customer" ? e.needles : [])))]
    .map((n) => Buffer.from(n, "utf8"))
    .filter((b) => b.length >= MIN_NEEDLE_BYTES);
  const report: ErasureFlushReport = { erasures: erasures.length, checkpoint: first, remnants: 0, vacuumed: false, remaining: 0 };
  if (sqlite.memory) return report;
  report.checkpoint = await settled(sqlite, first);
  const files = [sqlite.name, `${sqlite.name}-wal`];
  report.remnants = await countNeedlesInFiles(files, needles);
  const wantVacuum = report.remnants > 0 || erasures.some((e) => e.kind === "shop");
  if (wantVacuum) {
    const live = liveBytes(sqlite);
    if (live <= VACUUM_MAX_BYTES) {
      for (let waited = 0; sqlite.inTransaction && waited < 200; waited++) await sleep(50);
      sqlite.exec("VACUUM");
      report.checkpoint = await settled(sqlite, checkpoint(sqlite));
      report.vacuumed = true;
      report.remaining = report.remnants > 0 ? await countNeedlesInFiles(files, needles) : 0;
    } else {
      report.remaining = report.remnants;
      logger.error({ liveBytes: live, limit: VACUUM_MAX_BYTES, remnants: report.remnants }, "erased data may remain in free pages: database too large to VACUUM inline; run VACUUM in a maintenance window");
    }
  }
  if (report.checkpoint?.busy) logger.warn({ checkpoint: report.checkpoint }, "WAL checkpoint after an erasure was blocked by a reader; the hourly checkpoint will finish it");
  const log = report.remaining > 0 ? logger.warn.bind(logger) : logger.info.bind(logger);
  log({ erasures: report.erasures, remnants: report.remnants, vacuumed: report.vacuumed, remaining: report.remaining, checkpoint: report.checkpoint }, "erased data flushed from disk");
  return report;
}

function liveBytes(sqlite: Sqlite): number {
  const pageSize = Number(sqlite.pragma("page_size", { simple: true }));
  const pages = Number(sqlite.pragma("page_count", { simple: true })) - Number(sqlite.pragma("freelist_count", { simple: true }));
  return pages * pageSize;
}

/** How many of the needles occur (as raw bytes) anywhere in the files; reads in chunks, off the event loop. */
export async function countNeedlesInFiles(paths: string[], needles: Buffer[]): Promise<number> {
  if (needles.length === 0) return 0;
  const found = new Set<number>();
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const handle = await open(path, "r");
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES + overlap);
      let carried = 0;
      let position = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const view = buffer.subarray(0, carried + bytesRead);
        needles.forEach((needle, i) => {
          if (!found.has(i) && view.includes(needle)) found.add(i);
        });
        carried = Math.min(overlap, view.length);
        view.copy(buffer, 0, view.length - carried);
      }
    } finally {
      await handle.close();
    }
  }
  return found.size;
}
