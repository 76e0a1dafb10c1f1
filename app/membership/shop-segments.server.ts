import type { Statement } from "better-sqlite3";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { prepared } from "../../db/statement-cache";
import type { Db, Sqlite } from "../../db/client.server";
import { contactQuery } from "../segments/compile";
import type { Dependency } from "../segments/conditions/spec";
import { parseSegmentDefinition, type SegmentDefinition } from "../segments/definition";
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
 * segment is added, edited or deleted. Definitions are re-validated on every load.
 */
export function shopSegments(db: Db, shopId: number): { timeZone: string; segments: LoadedSegment[] } {
  const sqlite = db.$client;
  const stampRow = prepared(
    sqlite,
    `SELECT count(*) AS n, coalesce(max(updated_at), 0) AS u, coalesce(sum(revision), 0) AS r, (SELECT time_zone FROM shops WHERE id = ?) AS tz FROM segments WHERE shop_id = ?`,
  ).get(shopId, shopId) as { n: number; u: number; r: number; tz: string | null };
  const stamp = `${stampRow.n}:${stampRow.u}:${stampRow.r}:${stampRow.tz}`;
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
  const entry = { stamp, timeZone: stampRow.tz ?? "UTC", segments };
  perShop.set(shopId, entry);
  return entry;
}

const dialect = new SQLiteSyncDialect();

/**
 * Per-contact evaluation with prepared statements: compiled once per segment revision and second
 * (thresholds move with `now`), then bound to each contact. The contact id is the query's first
 * parameter (see `contactQuery`).
 */
export class ContactEvaluator {
  private readonly compiled = new Map<string, { statement: Statement; params: unknown[] }>();

  constructor(
    private readonly db: Db,
    /** Thresholds are computed for `now` rounded up to this many ms (1 = exact). */
    private readonly granularityMs = 1000,
  ) {}

  matches(segment: LoadedSegment, timeZone: string, contactId: number, now: number): boolean {
    const at = Math.ceil(now / this.granularityMs) * this.granularityMs;
    const key = `${segment.id}:${segment.revision}:${at}:${timeZone}`;
    let entry = this.compiled.get(key);
    if (!entry) {
      if (this.compiled.size > 5_000) this.compiled.clear();
      const query = dialect.sqlToQuery(contactQuery(segment.definition, { shopId: segment.shopId, now: at, timeZone }, contactId));
      if (query.params[0] !== contactId) throw new Error("contactQuery must bind the contact id first");
      entry = { statement: prepared(this.db.$client, query.sql), params: query.params };
      this.compiled.set(key, entry);
    }
    entry.params[0] = contactId;
    return entry.statement.get(...entry.params) !== undefined;
  }
}
