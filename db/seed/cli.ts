/**
 * `npm run seed -- --db <file> [--scale 1] [--seed 20261128] [--anchor 2026-11-28T12:00:00Z] [--domain x.myshopify.com]`
 * Writes a generated store into a SQLite file (migrating it first) and prints the row counts as JSON.
 */
import { parseArgs } from "node:util";
import { migrateDatabase, openDatabase } from "../client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "./demo-store";
import { generateStore } from "./generate-store";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    scale: { type: "string", default: String(DEMO_DEFAULTS.scale) },
    seed: { type: "string", default: String(DEMO_DEFAULTS.seed) },
    anchor: { type: "string" },
    domain: { type: "string", default: DEMO_SHOP.domain },
  },
});
if (!values.db) {
  console.error("--db <file> is required (the SQLite file to write the store into)");
  process.exit(2);
}
const scale = Number(values.scale);
const seed = Number(values.seed);
const anchor = values.anchor ? Date.parse(values.anchor) : Date.now();
if (!(scale > 0) || !Number.isInteger(seed) || Number.isNaN(anchor)) {
  console.error("--scale must be a positive number, --seed an integer and --anchor an ISO date-time");
  process.exit(2);
}
const db = openDatabase(values.db, { cacheMiB: 256 });
migrateDatabase(db);
const started = performance.now();
const { shopId, counts } = generateStore(db, { seed, scale, anchor, shop: { ...DEMO_SHOP, domain: values.domain } });
db.$client.close();
console.log(JSON.stringify({ db: values.db, shopId, seed, scale, anchor: new Date(anchor).toISOString(), counts, seconds: +((performance.now() - started) / 1000).toFixed(1) }, null, 2));
