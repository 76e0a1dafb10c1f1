import { sql, type SQL } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client.server";
import { specOf, type Condition } from "../segments/conditions/catalogue";
import { countQuery, membersQuery, type SegmentContext } from "../segments/compile";
import type { DefinitionNode, SegmentDefinition } from "../segments/definition";

/**
 * How an Or group runs in a bulk query is chosen from the data, because SQLite cannot: it assumes
 * every `IN (SELECT …)` returns 25 rows, so an Or whose terms all read an index is always run
 * OR-by-union, one random contact lookup per row each term's index read yields. That is right for
 * rare events (cart abandoners: ~31,000 rows at 1M contacts, 90 ms against 830 ms for a scan) and
 * wrong for common ones (opened an email in 90 days, clicked, or visited in 30: ~731,000 rows,
 * 1.9 s against 0.96 s for a scan). Measured at 1,000,000 contacts, a listed row costs about 2.5 µs
 * by lookup and a contact about 0.6 µs by scan, hence the threshold: an Or group runs as one scan
 * of contacts when its terms' index reads yield more rows than a quarter of the shop's contacts.
 * The counts are bounded (each stops at the threshold), so planning costs at most a few ms per group.
 */
export const SCAN_WHEN_ROWS_EXCEED_SHARE = 0.25;

/** How long a shop's contact count serves as the planner's estimate (it only picks a plan, never a result). */
const CONTACT_COUNT_TTL_MS = 10 * 60_000;
const contactCounts = new WeakMap<Sqlite, Map<number, { n: number; at: number }>>();

/** The shop's contacts, counted at most once per TTL per connection (~65 ms at 1,000,000 contacts). */
function shopContactCount(db: Db, shopId: number, now: number): number {
  let perShop = contactCounts.get(db.$client);
  if (!perShop) contactCounts.set(db.$client, (perShop = new Map()));
  const cached = perShop.get(shopId);
  if (cached && now - cached.at >= 0 && now - cached.at < CONTACT_COUNT_TTL_MS) return cached.n;
  const n = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM contacts WHERE shop_id = ${shopId}`).n;
  perShop.set(shopId, { n, at: now });
  return n;
}

/** Or groups whose every term drives an index read (the only ones SQLite runs OR-by-union). */
function indexDrivenOrGroups(node: DefinitionNode, ctx: SegmentContext, out: { id: string; rows: SQL[] }[]): void {
  if (node.type !== "group") return;
  for (const child of node.children) indexDrivenOrGroups(child, ctx, out);
  if (node.match !== "any" || node.children.length < 2) return;
  const rows: SQL[] = [];
  for (const child of node.children) {
    const read = child.type === "group" ? null : (specOf(child as Condition)?.indexedRows?.(child as never, { ...ctx, mode: "bulk" }) ?? null);
    if (!read) return;
    rows.push(read);
  }
  out.push({ id: node.id, rows });
}

/** The Or groups of `definition` to run as one scan of contacts on this shop's data now. */
export function scanOrGroups(db: Db, definition: SegmentDefinition, ctx: SegmentContext): Set<string> {
  const groups: { id: string; rows: SQL[] }[] = [];
  indexDrivenOrGroups(definition.root, ctx, groups);
  const scans = new Set<string>();
  if (groups.length === 0) return scans;
  const threshold = Math.floor(shopContactCount(db, ctx.shopId, ctx.now) * SCAN_WHEN_ROWS_EXCEED_SHARE);
  for (const group of groups) {
    let rows = 0;
    for (const read of group.rows) {
      rows += db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${read} LIMIT ${threshold - rows + 1})`).n;
      if (rows > threshold) break;
    }
    if (rows > threshold) scans.add(group.id);
  }
  return scans;
}

/** `membersQuery` with its Or groups planned on the shop's data. */
export function plannedMembersQuery(db: Db, definition: SegmentDefinition, ctx: SegmentContext): SQL {
  return membersQuery(definition, { ...ctx, scanOrs: scanOrGroups(db, definition, ctx) });
}

/** `countQuery` (the builder's live count) with its Or groups planned on the shop's data. */
export function plannedCountQuery(db: Db, definition: SegmentDefinition, ctx: SegmentContext): SQL {
  return countQuery(definition, { ...ctx, scanOrs: scanOrGroups(db, definition, ctx) });
}
