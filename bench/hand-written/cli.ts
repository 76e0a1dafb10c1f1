/**
 * `node --import tsx bench/hand-written/cli.ts --db <file> [--repeats 25] [--now ISO] [--shop ID] [--key KEY]… [--json FILE] [--plans]`
 * Prints, per suggested segment, the engine's full computation beside the best hand-written SQL
 * (median and p99 in ms, the ratio, members, whether every variant selected the same members).
 * Opens the file read-only; `now` defaults to the benchmark anchor, the zone is the shop's.
 * Exits 1 when any member set differs (a bug in the engine or in the hand-written SQL).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { plannedMembersQuery } from "../../app/membership/bulk-plan.server";
import { SUGGESTED_SEGMENTS } from "../../app/segments/suggested";
import { openDatabase, type Db } from "../../db/client.server";
import { compareWithHandWritten, type Comparison } from "./compare";
import { handWrittenSuggested } from "./suggested";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    repeats: { type: "string", default: "25" },
    now: { type: "string", default: "2026-11-28T12:00:00Z" },
    shop: { type: "string" },
    key: { type: "string", multiple: true },
    json: { type: "string" },
    plans: { type: "boolean", default: false },
  },
});
if (!values.db) {
  console.error("--db <file> is required (a SQLite file written by `npm run seed`)");
  process.exit(2);
}
const repeats = Number(values.repeats);
const now = Date.parse(values.now!);
if (!(Number.isInteger(repeats) && repeats >= 1) || Number.isNaN(now)) {
  console.error("--repeats must be a whole number of at least 1 and --now an ISO date-time");
  process.exit(2);
}
const unknown = (values.key ?? []).filter((key) => !SUGGESTED_SEGMENTS.some((s) => s.key === key));
if (unknown.length > 0) {
  console.error(`unknown suggested segment ${unknown.join(", ")}; one of ${SUGGESTED_SEGMENTS.map((s) => s.key).join(", ")}`);
  process.exit(2);
}

const db = openDatabase(values.db, { readonly: true, cacheMiB: 256 });
const shop = (values.shop
  ? db.$client.prepare("SELECT id, time_zone AS timeZone FROM shops WHERE id = ?").get(Number(values.shop))
  : db.$client.prepare("SELECT id, time_zone AS timeZone FROM shops ORDER BY id LIMIT 1").get()) as { id: number; timeZone: string } | undefined;
if (!shop) {
  console.error(values.shop ? `no shop ${values.shop} in ${values.db}` : `no shop in ${values.db}`);
  process.exit(2);
}
const ctx = { shopId: shop.id, now, timeZone: shop.timeZone };
const contacts = db.$client.prepare("SELECT count(*) FROM contacts WHERE shop_id = ?").pluck().get(shop.id) as number;
console.log(`${values.db}: shop ${shop.id} (${shop.timeZone}), ${contacts.toLocaleString("en-US")} contacts, now ${new Date(now).toISOString()}, ${repeats} repeats`);

const rows = compareWithHandWritten(db, { ...ctx, repeats, keys: values.key });
printTable(rows);
if (values.plans) printPlans(db, rows);
if (values.json) writeFileSync(values.json, JSON.stringify({ db: values.db, ...ctx, contacts, repeats, rows }, null, 2));
process.exit(rows.every((r) => r.sameMembers) ? 0 : 1);

function printTable(rows: Comparison[]): void {
  const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
  const table = rows.map((r) => ({
    segment: r.key,
    members: r.members,
    "engine ms (p99)": `${ms(r.engineMs.median)} (${ms(r.engineMs.p99)})`,
    "hand ms (p99)": `${ms(r.handMs.median)} (${ms(r.handMs.p99)})`,
    best: r.bestVariant,
    ratio: r.ratio,
    "≤ 1.5": r.ratio <= 1.5 ? "yes" : "NO",
    same: r.sameMembers ? "yes" : "NO",
  }));
  console.table(table);
  for (const r of rows.filter((x) => !x.sameMembers)) {
    for (const v of r.variants.filter((x) => !x.sameMembers)) {
      console.log(`MISMATCH ${r.key} / ${v.name}: ${v.members} vs engine ${r.members}; missing ${v.missing.join(",")}; extra ${v.extra.join(",")}`);
    }
  }
}

/** EXPLAIN QUERY PLAN of the engine's query and the best variant, for every row above 1.5. */
function printPlans(db: Db, rows: Comparison[]): void {
  const dialect = new SQLiteSyncDialect();
  const hand = new Map(handWrittenSuggested(ctx).map((s) => [s.key, s.variants]));
  const plan = (sql: string, params: unknown[]) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => `    ${p.detail}`).join("\n");
  for (const r of rows.filter((x) => x.ratio > 1.5)) {
    const segment = SUGGESTED_SEGMENTS.find((s) => s.key === r.key)!;
    const engine = dialect.sqlToQuery(plannedMembersQuery(db, segment.definition, ctx));
    const best = hand.get(r.key)!.find((v) => v.name === r.bestVariant)!;
    console.log(`\n${r.key} (ratio ${r.ratio})\n  engine:\n${plan(engine.sql, engine.params)}\n  ${best.name}:\n${plan(best.sql, best.params)}`);
  }
}
