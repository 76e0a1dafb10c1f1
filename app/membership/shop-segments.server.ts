import type { Statement } from "better-sqlite3";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { prepared } from "../../db/statement-cache";
import type { Db, Sqlite } from "../../db/client.server";
import { contactQuery } from "../segments/compile";
import type { Dependency } from "../segments/conditions/spec";
import { parseSegmentDefinition, type SegmentDefinition } from "../segments/definition";
import { dateInZone, endOfDate, startOfDate } from "../segments/time";
import { dependenciesFor } from "./loaded-segment";

/** A shop's segment, parsed once per revision, with what it depends on. */
export type LoadedSegment = {
  id: number;
  shopId: number;
  revision: number;
  definition: SegmentDefinition;
  dependencies: Dependency[];
  timeRelative: boolean;
};

type ShopCache = { stamp: string; timeZone: string; segments: LoadedSegment[] };
const caches = new WeakMap<Sqlite, Map<number, ShopCache>>();

/**
 * Every valid segment of a shop (the dependency index), cached per connection and reloaded when a
 * segment is added, edited or deleted (`shops.segments_version`, kept by triggers) or the shop's
 * zone changes. Definitions are re-validated on every load.
 */
export function shopSegments(db: Db, shopId: number): { timeZone: string; segments: LoadedSegment[] } {
  const sqlite = db.$client;
  // one primary-key read: triggers bump the version on every definition added, edited or deleted
  const stampRow = prepared(sqlite, `SELECT segments_version AS v, time_zone AS tz FROM shops WHERE id = ?`).get(shopId) as { v: number; tz: string | null } | undefined;
  const stamp = `${stampRow?.v ?? -1}:${stampRow?.tz}`;
  let perShop = caches.get(sqlite);
  if (!perShop) caches.set(sqlite, (perShop = new Map()));
  const cached = perShop.get(shopId);
  if (cached && cached.stamp === stamp) return cached;
  const rows = sqlite.prepare(`SELECT id, revision, definition FROM segments WHERE shop_id = ? ORDER BY id`).all(shopId) as {
    id: number;
    revision: number;
    definition: string;
  }[];
  const segments: LoadedSegment[] = [];
  for (const row of rows) {
    const parsed = parseSegmentDefinition(row.definition);
    if (!parsed.ok) continue; // an unreadable stored definition is never evaluated (its compute job marks it failed)
    segments.push({
      id: row.id,
      shopId,
      revision: row.revision,
      definition: parsed.definition,
      ...dependenciesFor(parsed.definition),
    });
  }
  const entry = { stamp, timeZone: stampRow?.tz ?? "UTC", segments };
  perShop.set(shopId, entry);
  return entry;
}

const dialect = new SQLiteSyncDialect();

/** A segment's per-contact statement, valid for one local day; params at `linear` move with `now`. */
type CompiledForDay = { statement: Statement; params: unknown[]; linear: [index: number, offset: number][]; from: number; to: number };

/**
 * Per-contact evaluation with prepared statements, compiled once per segment revision and local
 * day, then bound to each contact. Within a day every time threshold is either constant
 * (calendar windows, dates, birthdays) or a fixed offset from `now` ("in the last N hours", the
 * "until now" edge of a window): compiling the query one and two seconds later tells which
 * parameters are which, so a new second costs no recompilation (this used to rebuild every
 * affected segment's SQL each second, ~0.1 ms per segment, on the event hot path). A definition
 * whose parameters move any other way is compiled per second as before. The contact id is the
 * query's first parameter (see `contactQuery`).
 */
export class ContactEvaluator {
  private readonly compiled = new Map<string, CompiledForDay>();

  constructor(
    private readonly db: Db,
    /** Thresholds are computed for `now` rounded up to this many ms (1 = exact). */
    private readonly granularityMs = 1000,
  ) {}

  matches(segment: LoadedSegment, timeZone: string, contactId: number, now: number): boolean {
    const at = Math.ceil(now / this.granularityMs) * this.granularityMs;
    const key = `${segment.id}:${segment.revision}:${timeZone}`;
    let entry = this.compiled.get(key);
    if (!entry || at < entry.from || at >= entry.to) {
      if (this.compiled.size > 5_000) this.compiled.clear();
      entry = this.compile(segment, timeZone, contactId, at);
      this.compiled.set(key, entry);
    }
    const params = entry.params;
    params[0] = contactId;
    for (const [index, offset] of entry.linear) params[index] = at + offset;
    return entry.statement.get(...params) !== undefined;
  }

  private compile(segment: LoadedSegment, timeZone: string, contactId: number, at: number): CompiledForDay {
    const build = (time: number) => dialect.sqlToQuery(contactQuery(segment.definition, { shopId: segment.shopId, now: time, timeZone }, contactId));
    const query = build(at);
    if (query.params[0] !== contactId) throw new Error("contactQuery must bind the contact id first");
    const statement = prepared(this.db.$client, query.sql);
    const perSecond = { statement, params: query.params, linear: [], from: at, to: at + 1 };
    if (!segment.timeRelative) return { ...perSecond, from: -Infinity, to: Infinity };
    const day = dateInZone(at, timeZone);
    const to = endOfDate(day, timeZone);
    if (at + 2_000 >= to) return perSecond; // the probes would cross midnight: compile per second until then
    const [later, latest] = [build(at + 1_000), build(at + 2_000)];
    if (later.sql !== query.sql || latest.sql !== query.sql) return perSecond;
    const linear: [number, number][] = [];
    for (let i = 1; i < query.params.length; i++) {
      const [a, b, c] = [query.params[i], later.params[i], latest.params[i]];
      if (a === b && b === c) continue;
      if (typeof a === "number" && b === a + 1_000 && c === a + 2_000) linear.push([i, a - at]);
      else return perSecond;
    }
    return { statement, params: query.params, linear, from: startOfDate(day, timeZone), to };
  }
}
