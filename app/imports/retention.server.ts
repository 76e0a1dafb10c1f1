import { rmSync } from "node:fs";
import type { Db } from "../../db/client.server";

/**
 * Retention of imports (run by the daily prune job, across shops): an upload never started is
 * dropped after a day, its file removed; the rejected-rows report of a finished import is kept 30
 * days — a bad cell can still be someone's personal data — after which the import keeps only its
 * counts. Returns what was removed.
 */

export const UNSTARTED_UPLOAD_RETENTION_MS = 86_400_000;
export const IMPORT_REPORT_RETENTION_MS = 30 * 86_400_000;

export function pruneImports(db: Db, now: number): { uploadsDropped: number; reportsDropped: number } {
  const sqlite = db.$client;
  const stale = sqlite
    .prepare(`SELECT id, shop_id, file_path FROM imports WHERE status = 'uploaded' AND created_at < ?`)
    .all(now - UNSTARTED_UPLOAD_RETENTION_MS) as { id: number; shop_id: number; file_path: string | null }[];
  for (const upload of stale) {
    if (upload.file_path) rmSync(upload.file_path, { force: true });
    sqlite.prepare(`DELETE FROM imports WHERE id = ? AND shop_id = ? AND status = 'uploaded'`).run(upload.id, upload.shop_id);
  }
  const reports = sqlite
    .prepare(
      `DELETE FROM import_rejections WHERE import_id IN
         (SELECT id FROM imports WHERE status IN ('done', 'failed') AND finished_at < ?)`,
    )
    .run(now - IMPORT_REPORT_RETENTION_MS);
  return { uploadsDropped: stale.length, reportsDropped: reports.changes };
}
