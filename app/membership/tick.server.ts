import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CAUSES } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { listedMembersQuery } from "../segments/compile";
import { specOf } from "../segments/conditions/catalogue";
import { conditionsOf } from "../segments/definition";
import { shopSegments, type LoadedSegment } from "./shop-segments.server";
import { refreshSegmentCounts, storedMembersAmong, writeMembershipChanges } from "./store.server";

export type TickReport = {
  from: number | null;
  to: number;
  /** Segments whose windows move with time. */
  segments: number;
  /** Contacts whose data crossed a window edge in (from, to]. */
  candidates: number;
  /** Contacts evaluated: always equal to the candidates (never a full rebuild). */
  evaluated: number;
  entered: number;
  left: number;
};

const dialect = new SQLiteSyncDialect();

/** The contacts whose data crossed one of the segment's moving window edges during the span. */
function edgeCandidates(db: Db, segment: LoadedSegment, timeZone: string, from: number, to: number): number[] {
  const span = { shopId: segment.shopId, timeZone, from, to };
  const selects: SQL[] = conditionsOf(segment.definition.root).flatMap((c) => specOf(c)!.timeEdges(c as never, span));
  if (selects.length === 0) return [];
  const query = dialect.sqlToQuery(sql.join(selects, sql` UNION `));
  return db.$client.prepare(query.sql).pluck().all(...query.params) as number[];
}

/**
 * The scheduler's time tick for one shop: re-checks only the contacts whose data crossed a window
 * edge since the last tick (cause `time`), in bounded batches, each evaluated by one statement
 * (the per-contact form over the batch's ids) against one read of their stored membership. A tick
 * with no crossing evaluates nothing and writes no membership (only the shop's tick watermark
 * moves). Segments being computed get their candidates queued for re-checking.
 */
export function runTimeTick(db: Db, { shopId, now, batchSize = 5_000 }: { shopId: number; now: number; batchSize?: number }): TickReport {
  const sqlite = db.$client;
  const from = sqlite.prepare(`SELECT segments_ticked_at FROM shops WHERE id = ?`).pluck().get(shopId) as number | null | undefined;
  const report: TickReport = { from: from ?? null, to: now, segments: 0, candidates: 0, evaluated: 0, entered: 0, left: 0 };
  if (from === undefined) return report;
  if (from === null || now <= from) {
    if (from === null) sqlite.prepare(`UPDATE shops SET segments_ticked_at = ? WHERE id = ?`).run(now, shopId);
    return report;
  }
  const { timeZone, segments } = shopSegments(db, shopId);
  const moving = segments.filter((s) => s.timeRelative);
  report.segments = moving.length;
  const recheck = sqlite.prepare(
    `INSERT INTO segment_rechecks (segment_id, contact_id, shop_id, cause, cause_detail, queued_at) VALUES (?, ?, ?, ?, 'time', ?)
     ON CONFLICT (segment_id, contact_id) DO NOTHING`,
  );
  for (const segment of moving) {
    const candidates = edgeCandidates(db, segment, timeZone, from, now);
    report.candidates += candidates.length;
    for (let i = 0; i < candidates.length; i += batchSize) {
      const batch = candidates.slice(i, i + batchSize);
      sqlite
        .transaction(() => {
          const status = sqlite.prepare(`SELECT status, revision FROM segments WHERE id = ?`).get(segment.id) as { status: string; revision: number } | undefined;
          if (!status || status.revision !== segment.revision) return;
          if (status.status === "computing") {
            for (const contactId of batch) recheck.run(segment.id, contactId, shopId, MEMBERSHIP_CAUSES.time, now);
            return;
          }
          if (status.status !== "ready") return;
          // one statement per batch for the members now, one for the stored members among the candidates
          const listed = JSON.stringify(batch);
          const query = dialect.sqlToQuery(listedMembersQuery(segment.definition, { shopId, now, timeZone }, listed));
          const members = new Set(prepared(sqlite, query.sql).pluck().all(...query.params) as number[]);
          const stored = storedMembersAmong(db, segment.id, listed);
          const entered: number[] = [];
          const left: number[] = [];
          for (const contactId of batch) {
            report.evaluated++;
            const isMember = members.has(contactId);
            if (isMember !== stored.has(contactId)) (isMember ? entered : left).push(contactId);
          }
          writeMembershipChanges(db, { shopId, segmentId: segment.id, revision: segment.revision, entered, left, cause: "time", at: now });
          report.entered += entered.length;
          report.left += left.length;
        })
        .immediate();
    }
  }
  // the watermark is the shop's "as of" for time windows (segment freshness is the later of it and computed_at)
  sqlite.prepare(`UPDATE shops SET segments_ticked_at = ? WHERE id = ?`).run(now, shopId);
  return report;
}

/** Recounts reachability for segments marked stale (bounded per call). */
export function refreshStaleCounts(db: Db, { shopId, limit = 20 }: { shopId: number; limit?: number }): number {
  const stale = db.$client.prepare(`SELECT id FROM segments WHERE shop_id = ? AND reach_stale = 1 AND status = 'ready' LIMIT ?`).pluck().all(shopId, limit) as number[];
  for (const id of stale) db.$client.transaction(() => refreshSegmentCounts(db, id))();
  return stale.length;
}
