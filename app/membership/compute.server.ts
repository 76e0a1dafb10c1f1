import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.server";
import { membershipCauseName, type MembershipCauseName } from "../../db/enums";
import { parseSegmentDefinition } from "../segments/definition";
import { plannedMembersQuery } from "./bulk-plan.server";
import { diffMembership } from "./diff";
import { ContactEvaluator, type LoadedSegment } from "./shop-segments.server";
import { isStoredMember, membersOf, refreshSegmentCounts, writeMembershipChanges } from "./store.server";
import { dependenciesFor } from "./loaded-segment";

export type ComputeResult =
  | { status: "ready"; members: number; entered: number; left: number; rechecked: number }
  | { status: "failed"; error: string }
  | { status: "superseded" };

export type ComputeOptions = {
  segmentId: number;
  /** The revision this computation is for; a newer edit supersedes it. */
  revision?: number;
  /** The clock, read at each phase (the bulk query, each re-check pass). */
  clock: () => number;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
};

const dialect = new SQLiteSyncDialect();
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type SegmentRow = { id: number; shop_id: number; revision: number; definition: string; time_zone: string };

/**
 * Full computation of a segment's members (on create, on edit, on demand): run the compiled bulk
 * query, diff it against the stored members, write entered/left in chunks with cause
 * `definition_edit`, then re-check the contacts whose data changed meanwhile (queued by the
 * real-time path while the segment was `computing`) and mark it ready in the same transaction as
 * the last re-check, so the result is exact. Running it again changes nothing.
 */
export async function computeSegment(db: Db, options: ComputeOptions): Promise<ComputeResult> {
  const sqlite = db.$client;
  const chunkSize = options.chunkSize ?? 5_000;
  const loadRow = () =>
    sqlite
      .prepare(`SELECT s.id, s.shop_id, s.revision, s.definition, sh.time_zone FROM segments s JOIN shops sh ON sh.id = s.shop_id WHERE s.id = ?`)
      .get(options.segmentId) as SegmentRow | undefined;
  const row = loadRow();
  if (!row) return { status: "superseded" };
  if (options.revision !== undefined && row.revision !== options.revision) return { status: "superseded" };
  const parsed = parseSegmentDefinition(row.definition);
  if (!parsed.ok) {
    const error = parsed.issues.map((i) => i.message).join("; ");
    sqlite.prepare(`UPDATE segments SET status = 'failed', compute_error = ? WHERE id = ?`).run(error, row.id);
    return { status: "failed", error };
  }
  const definition = parsed.definition;
  sqlite.prepare(`UPDATE segments SET status = 'computing', compute_error = NULL, compute_done = 0, compute_total = 0 WHERE id = ?`).run(row.id);

  const startedAt = options.clock();
  const query = dialect.sqlToQuery(plannedMembersQuery(db, definition, { shopId: row.shop_id, now: startedAt, timeZone: row.time_zone }));
  const current = new Set(sqlite.prepare(query.sql).pluck().all(...query.params) as number[]);
  const { entered, left } = diffMembership(membersOf(db, row.id), current);
  const total = entered.length + left.length;
  sqlite.prepare(`UPDATE segments SET compute_total = ? WHERE id = ?`).run(total, row.id);
  options.onProgress?.(0, total);

  let done = 0;
  const apply = (enteredChunk: number[], leftChunk: number[]) =>
    writeMembershipChanges(db, {
      shopId: row.shop_id,
      segmentId: row.id,
      revision: row.revision,
      entered: enteredChunk,
      left: leftChunk,
      cause: "definition_edit",
      at: startedAt,
    });
  for (let i = 0; i < entered.length; i += chunkSize) {
    const chunk = entered.slice(i, i + chunkSize);
    sqlite.transaction(() => apply(chunk, [])).immediate();
    done += chunk.length;
    sqlite.prepare(`UPDATE segments SET compute_done = ? WHERE id = ?`).run(done, row.id);
    options.onProgress?.(done, total);
    await yieldToEventLoop();
  }
  for (let i = 0; i < left.length; i += chunkSize) {
    const chunk = left.slice(i, i + chunkSize);
    sqlite.transaction(() => apply([], chunk)).immediate();
    done += chunk.length;
    sqlite.prepare(`UPDATE segments SET compute_done = ? WHERE id = ?`).run(done, row.id);
    options.onProgress?.(done, total);
    await yieldToEventLoop();
  }

  const loaded: LoadedSegment = { id: row.id, shopId: row.shop_id, revision: row.revision, definition, ...dependenciesFor(definition) };
  const rechecked = await drainRechecks(db, loaded, row.time_zone, options, chunkSize);
  if (rechecked === null) return { status: "superseded" };
  return { status: "ready", members: current.size, entered: entered.length, left: left.length, rechecked };
}

/**
 * Re-evaluates the contacts queued while computing; the last pass also flips the segment to
 * `ready` in the same IMMEDIATE transaction, so no change can slip between the two.
 */
async function drainRechecks(db: Db, segment: LoadedSegment, timeZone: string, options: ComputeOptions, chunkSize: number): Promise<number | null> {
  const sqlite = db.$client;
  const evaluator = new ContactEvaluator(db, 1);
  let rechecked = 0;
  for (;;) {
    const finished = sqlite
      .transaction(() => {
        const revision = sqlite.prepare(`SELECT revision FROM segments WHERE id = ?`).pluck().get(segment.id) as number | undefined;
        if (revision !== segment.revision) return "superseded" as const;
        const queued = sqlite
          .prepare(`SELECT contact_id, cause, cause_detail FROM segment_rechecks WHERE segment_id = ? ORDER BY contact_id LIMIT ?`)
          .all(segment.id, chunkSize) as { contact_id: number; cause: number; cause_detail: string | null }[];
        const now = options.clock();
        const byCause = new Map<string, { cause: MembershipCauseName; detail: string | null; entered: number[]; left: number[] }>();
        for (const { contact_id: contactId, cause, cause_detail: detail } of queued) {
          const isMember = evaluator.matches(segment, timeZone, contactId, now);
          if (isMember === isStoredMember(db, segment.id, contactId)) continue;
          const causeName = membershipCauseName(cause) ?? "event";
          const key = `${causeName}|${detail ?? ""}`;
          const entry = byCause.get(key) ?? { cause: causeName, detail, entered: [], left: [] };
          (isMember ? entry.entered : entry.left).push(contactId);
          byCause.set(key, entry);
        }
        for (const entry of byCause.values()) {
          writeMembershipChanges(db, {
            shopId: segment.shopId, segmentId: segment.id, revision: segment.revision,
            entered: entry.entered, left: entry.left, cause: entry.cause, causeDetail: entry.detail, at: now,
          });
        }
        if (queued.length > 0) {
          sqlite
            .prepare(`DELETE FROM segment_rechecks WHERE segment_id = ? AND contact_id IN (${queued.map(() => "?").join(",")})`)
            .run(segment.id, ...queued.map((q) => q.contact_id));
        }
        rechecked += queued.length;
        if (queued.length === chunkSize) return "more" as const;
        sqlite.prepare(`UPDATE segments SET status = 'ready', computed_at = ?, compute_done = compute_total WHERE id = ?`).run(now, segment.id);
        // every membership write marks the counts stale; a computation that changed nothing keeps them
        const stale = sqlite.prepare(`SELECT reach_stale FROM segments WHERE id = ?`).pluck().get(segment.id) === 1;
        if (stale) refreshSegmentCounts(db, segment.id);
        return "done" as const;
      })
      .immediate();
    if (finished === "superseded") return null;
    if (finished === "done") return rechecked;
    await yieldToEventLoop();
  }
}

