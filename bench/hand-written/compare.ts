/**
 * The engine's full computation of each suggested segment beside the best hand-written SQL for the
 * same question, on the same database (issue 9; SPEC §10: ratio ≤ 1.5). Each repeat runs the engine
 * and every variant once, interleaved (the engine first, then last), so drift in the machine's load
 * hits all of them alike, and each timed run follows an untimed run of the same query (warm pages);
 * quick queries get more timed runs (about a second's worth, at most 25). The engine is timed as it
 * computes a segment (plan, compile, prepare, run), a variant as prepare and run.
 * It also checks that every variant selects exactly the engine's members: a difference is a bug in
 * one of the two, never a timing to report.
 */
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { plannedMembersQuery } from "../../app/membership/bulk-plan.server";
import { SUGGESTED_SEGMENTS } from "../../app/segments/suggested";
import type { Db } from "../../db/client.server";
import { summarize } from "../stats";
import { handWrittenSuggested, type HandWrittenContext, type HandWrittenVariant } from "./suggested";

export type Timing = { median: number; p99: number };
export type VariantResult = { name: string; ms: Timing; members: number; sameMembers: boolean; missing: number[]; extra: number[] };
export type Comparison = {
  key: string;
  name: string;
  engineMs: Timing;
  handMs: Timing;
  bestVariant: string;
  /** Engine median / best variant median. */
  ratio: number;
  members: number;
  /** Every variant selected exactly the engine's members. */
  sameMembers: boolean;
  variants: VariantResult[];
};

const dialect = new SQLiteSyncDialect();

/** Timed runs per query: at least `repeats`, more for quick queries, up to about a second of them. */
const MAX_RUNS = 25;
const TIMED_MS_PER_QUERY = 1_000;

function timedOnce<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

const sorted = (ids: unknown[]) => (ids as number[]).slice().sort((a, b) => a - b);

/** Ids in `a` and not in `b` (both sorted), at most `limit` of them. */
function difference(a: number[], b: number[], limit = 10): number[] {
  const inB = new Set(b);
  return a.filter((id) => !inB.has(id)).slice(0, limit);
}

const timing = (values: number[]): Timing => {
  const { median, p99 } = summarize(values);
  return { median, p99 };
};

export function compareWithHandWritten(db: Db, options: HandWrittenContext & { repeats: number; keys?: string[] }): Comparison[] {
  const { shopId, now, timeZone, repeats } = options;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new Error(`repeats must be a whole number of at least 1, not ${repeats}`);
  const hand = new Map(handWrittenSuggested({ shopId, now, timeZone }).map((s) => [s.key, s.variants]));
  const segments = SUGGESTED_SEGMENTS.filter((s) => !options.keys || options.keys.includes(s.key));
  const client = db.$client;

  return segments.map((segment) => {
    const variants = hand.get(segment.key);
    if (!variants?.length) throw new Error(`no hand-written SQL for suggested segment ${segment.key}`);
    const engine = () => {
      const { sql, params } = dialect.sqlToQuery(plannedMembersQuery(db, segment.definition, { shopId, now, timeZone }));
      return client.prepare(sql).pluck().all(...params);
    };
    const run = (v: HandWrittenVariant) => client.prepare(v.sql).pluck().all(...v.params);

    // the membership check doubles as each query's first (cold) timing, which sets how many timed runs it gets
    const [engineMembers, engineFirstMs] = timedOnce(() => sorted(engine()));
    const variantRuns = variants.map((v) => timedOnce(() => sorted(run(v))));
    const variantMembers = variantRuns.map(([members]) => members);
    const engineTimes: number[] = [];
    const variantTimes: number[][] = variants.map(() => []);
    // Each timed run directly follows an untimed run of the same query: a slow plan evicts the page
    // cache, and whichever query runs next would otherwise pay for it (the full-scale run of
    // 2026-11-29 measured identical plans 1.8x apart that way).
    const timed = (query: () => unknown, into: number[]) => {
      query();
      const started = performance.now();
      query();
      into.push(performance.now() - started);
    };
    // A query under a second gets more timed runs (up to MAX_RUNS, about a second of them): the
    // median of five 20 ms runs still moved 1.8x with a garbage collection landing in two of them.
    const runsFor = (firstMs: number) => Math.max(repeats, Math.min(MAX_RUNS, Math.ceil(TIMED_MS_PER_QUERY / Math.max(firstMs, 1))));
    const engineRuns = runsFor(engineFirstMs);
    const variantRunCounts = variantRuns.map(([, ms]) => runsFor(ms));
    const rounds = Math.max(engineRuns, ...variantRunCounts);
    for (let i = 0; i < rounds; i++) {
      // the engine runs first on even rounds and last on odd ones: neither side always follows the other
      if (i % 2 === 0 && i < engineRuns) timed(engine, engineTimes);
      variants.forEach((v, j) => i < variantRunCounts[j] && timed(() => run(v), variantTimes[j]));
      if (i % 2 === 1 && i < engineRuns) timed(engine, engineTimes);
    }

    const results: VariantResult[] = variants.map((v, j) => {
      const members = variantMembers[j];
      const missing = difference(engineMembers, members);
      const extra = difference(members, engineMembers);
      const sameMembers = members.length === engineMembers.length && missing.length === 0 && extra.length === 0;
      return { name: v.name, ms: timing(variantTimes[j]), members: members.length, sameMembers, missing, extra };
    });
    const best = results.reduce((a, b) => (b.ms.median < a.ms.median ? b : a));
    const engineMs = timing(engineTimes);
    return {
      key: segment.key,
      name: segment.name,
      engineMs,
      handMs: best.ms,
      bestVariant: best.name,
      ratio: best.ms.median > 0 ? Math.round((engineMs.median / best.ms.median) * 100) / 100 : Number.NaN,
      members: engineMembers.length,
      sameMembers: results.every((r) => r.sameMembers),
      variants: results,
    };
  });
}
