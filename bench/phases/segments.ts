/**
 * Segment phases: create the 100 live segments, compute each in full (first build, then a
 * recompute that finds nothing to change, as the floor's steady rebuild), and time the builder's
 * live count of each definition.
 */
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { computeSegment } from "../../app/membership/compute.server";
import { COMPUTE_SEGMENT_JOB, createSegment } from "../../app/models/segments.server";
import { plannedCountQuery } from "../../app/membership/bulk-plan.server";
import { parseSegmentDefinition, type SegmentDefinition } from "../../app/segments/definition";
import { segmentDependencies } from "../../app/segments/dependencies";
import type { Db } from "../../db/client.server";
import { liveSegments, type StoreFacts } from "../segment-set";
import { summarize } from "../stats";

const dialect = new SQLiteSyncDialect();

export type LiveSegment = { id: number; name: string; definition: SegmentDefinition; suggested?: string };

export function segmentFacts(db: Db, shopId: number): StoreFacts {
  const pluck = (sqlText: string) => db.$client.prepare(sqlText).pluck().all(shopId) as never[];
  return {
    countries: pluck(`SELECT country_code FROM contacts WHERE shop_id = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 10`),
    tags: pluck(`SELECT name FROM tags WHERE shop_id = ? ORDER BY id`),
    productIds: pluck(`SELECT id FROM products WHERE shop_id = ? ORDER BY id`),
    categoryIds: pluck(`SELECT id FROM categories WHERE shop_id = ? ORDER BY id`),
  };
}

export function createLiveSegments(db: Db, { shopId, count, now }: { shopId: number; count: number; now: number }): LiveSegment[] {
  return liveSegments(segmentFacts(db, shopId), count).map(({ name, definition, suggested }) => {
    const created = createSegment(db, { shopId, name, definition, now });
    if (!created.ok) throw new Error(`${name}: ${JSON.stringify(created.issues)}`);
    const parsed = parseSegmentDefinition(definition);
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.issues)}`);
    return { id: created.segment.id, name, definition: parsed.definition, suggested };
  });
}

export type ComputePass = { totalMs: number; perSegmentMs: ReturnType<typeof summarize>; members: number; slowest: { name: string; ms: number; members: number }[] };

/** Computes every segment in full once, in order, as the compute job does (chunked writes). */
export async function computeAll(db: Db, segments: LiveSegment[], now: number): Promise<ComputePass> {
  const per: { name: string; ms: number; members: number }[] = [];
  for (const segment of segments) {
    const started = performance.now();
    const result = await computeSegment(db, { segmentId: segment.id, clock: () => now, chunkSize: 50_000 });
    if (result.status !== "ready") throw new Error(`${segment.name}: ${JSON.stringify(result)}`);
    per.push({ name: segment.name, ms: performance.now() - started, members: result.members });
  }
  return {
    totalMs: per.reduce((sum, s) => sum + s.ms, 0),
    perSegmentMs: summarize(per.map((s) => s.ms)),
    members: per.reduce((sum, s) => sum + s.members, 0),
    slowest: [...per].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => ({ ...s, ms: Math.round(s.ms) })),
  };
}

/**
 * `createSegment` queues each new segment's full computation for the server's job runner; the
 * benchmark has just computed every one itself (`computeAll`: the `computeSegment` the job runs), so
 * those queued jobs are recorded as done. Left queued, the server of the webhook phases computed
 * them all again (a worker thread each, about a second apiece even on a tiny store) while its
 * ingestion was being measured, and the received → entered phase waited for the last of them.
 * Returns how many jobs it recorded.
 */
export function recordComputeJobsDone(db: Db, segments: LiveSegment[], { shopId, now }: { shopId: number; now: number }): number {
  const done = db.$client.prepare(
    `UPDATE jobs SET status = 'succeeded', finished_at = ?, updated_at = ?
      WHERE shop_id = ? AND type = ? AND status = 'queued' AND json_extract(payload, '$.segmentId') = ?`,
  );
  return db.$client.transaction(() => segments.reduce((n, s) => n + done.run(now, now, shopId, COMPUTE_SEGMENT_JOB, s.id).changes, 0))();
}

/** A property/aggregate segment reads no events (its count is the builder's fast case). */
export const isPropertyOrAggregate = (definition: SegmentDefinition) => segmentDependencies(definition).every((d) => d.kind !== "event");

/** The builder's live count of each definition (compile + count), `repeats` times each. */
export function builderCounts(db: Db, segments: LiveSegment[], { shopId, now, timeZone, repeats }: { shopId: number; now: number; timeZone: string; repeats: number }) {
  const propertyMs: number[] = [];
  const anyMs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const segment of segments) {
      const started = performance.now();
      const query = dialect.sqlToQuery(plannedCountQuery(db, segment.definition, { shopId, now, timeZone }));
      db.$client.prepare(query.sql).pluck().get(...query.params);
      const ms = performance.now() - started;
      anyMs.push(ms);
      if (isPropertyOrAggregate(segment.definition)) propertyMs.push(ms);
    }
  }
  return { propertyMs: summarize(propertyMs), anyMs: summarize(anyMs) };
}
