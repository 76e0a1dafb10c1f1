/**
 * The segment engine from the command line, against the configured database (DATABASE_PATH, or
 * the demo database). Prints JSON.
 *
 *   npm run segments -- count <definition.json>
 *   npm run segments -- members <definition.json> [--limit 20]
 *   npm run segments -- explain <definition.json> --contact <id>
 *   npm run segments -- validate <definition.json>
 *   npm run segments -- recompute [--segment <id>]
 *   npm run segments -- import-shopify '<Shopify segment query>'   (or - for standard input)
 *   npm run segments -- export-shopify <definition.json>
 *
 * Options: --db <file>, --shop <domain> (default: the only shop), --now <ISO time> (default: now).
 * A definition argument is a file path, `-` for standard input, or inline JSON.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { migrateDatabase, openDatabase, type Db } from "../db/client.server";
import { DEFAULT_DEMO_DATABASE_PATH } from "../db/paths";
import { computeSegmentOffThread } from "../app/membership/compute-in-worker.server";
import { explainMembership } from "../app/membership/explain.server";
import { listSegments, loadShopCatalog } from "../app/models/segments.server";
import { exportDefinitionForShop, importShopifyQueryForShop } from "../app/models/shopify-query.server";
import { plannedCountQuery, plannedMembersQuery } from "../app/membership/bulk-plan.server";
import { describeFlip } from "../app/segments/explain";
import { describeProblem } from "../app/segments/shopify-query";
import { checkDefinition } from "../app/segments/validate";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: "string" },
    shop: { type: "string" },
    now: { type: "string" },
    limit: { type: "string", default: "20" },
    contact: { type: "string" },
    segment: { type: "string" },
  },
});

function fail(message: string, extra: object = {}): never {
  console.log(JSON.stringify({ ok: false, error: message, ...extra }, null, 2));
  process.exit(1);
}

function readDefinition(arg: string | undefined): unknown {
  if (!arg) fail("Give a definition: a JSON file, - for standard input, or inline JSON");
  const text = arg === "-" ? readFileSync(0, "utf8") : arg.trim().startsWith("{") ? arg : readFileSync(arg, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    return fail("The definition is not valid JSON");
  }
}

function resolveShop(db: Db): { id: number; domain: string; time_zone: string } {
  const shops = db.$client.prepare(`SELECT id, domain, time_zone FROM shops ${values.shop ? "WHERE domain = ?" : ""} ORDER BY id`).all(...(values.shop ? [values.shop] : [])) as {
    id: number;
    domain: string;
    time_zone: string;
  }[];
  if (shops.length === 0) fail(values.shop ? `No shop ${values.shop}` : "The database has no shop yet (run npm run demo once)");
  if (shops.length > 1) fail(`Several shops: choose one with --shop (${shops.map((s) => s.domain).join(", ")})`);
  return shops[0];
}

const dialect = new SQLiteSyncDialect();

async function main(): Promise<void> {
  const [command, argument] = positionals;
  const db = openDatabase(values.db ?? process.env.DATABASE_PATH ?? DEFAULT_DEMO_DATABASE_PATH);
  migrateDatabase(db);
  const shop = resolveShop(db);
  const now = values.now ? Date.parse(values.now) : Date.now();
  if (Number.isNaN(now)) fail("--now must be an ISO date-time");
  const ctx = { shopId: shop.id, now, timeZone: shop.time_zone };
  const checked = () => {
    const result = checkDefinition(readDefinition(argument), loadShopCatalog(db, shop.id));
    if (!result.ok) fail("The definition is not valid", { issues: result.issues });
    return result.definition;
  };

  switch (command) {
    case "validate": {
      const result = checkDefinition(readDefinition(argument), loadShopCatalog(db, shop.id));
      console.log(JSON.stringify(result.ok ? { ok: true } : { ok: false, issues: result.issues }, null, 2));
      process.exitCode = result.ok ? 0 : 1;
      return;
    }
    case "count": {
      const definition = checked();
      const started = performance.now();
      const query = dialect.sqlToQuery(plannedCountQuery(db, definition, ctx));
      const count = db.$client.prepare(query.sql).pluck().get(...query.params) as number;
      console.log(JSON.stringify({ ok: true, count, ms: +(performance.now() - started).toFixed(2) }, null, 2));
      return;
    }
    case "members": {
      const definition = checked();
      const query = dialect.sqlToQuery(plannedMembersQuery(db, definition, ctx));
      const ids = db.$client.prepare(query.sql).pluck().all(...query.params) as number[];
      const limit = Math.max(0, Number(values.limit));
      const sample = ids.slice(0, limit).map((id) =>
        db.$client.prepare(`SELECT id, email, first_name AS firstName, last_name AS lastName FROM contacts WHERE id = ? AND shop_id = ?`).get(id, shop.id),
      );
      console.log(JSON.stringify({ ok: true, count: ids.length, members: sample }, null, 2));
      return;
    }
    case "explain": {
      const definition = checked();
      const contactId = Number(values.contact);
      if (!Number.isInteger(contactId) || contactId <= 0) fail("--contact <id> is required");
      const explanation = explainMembership(db, { ...ctx, definition, contactId });
      if (!explanation) fail(`No contact ${contactId} in ${shop.domain}`);
      const summary = explanation.changesAt
        ? describeFlip(explanation.member, explanation.changesAt, shop.time_zone)
        : `${explanation.member ? "In" : "Not in"} the segment; time alone will not change that`;
      console.log(JSON.stringify({ ok: true, summary, ...explanation }, null, 2));
      return;
    }
    case "recompute": {
      const targets = listSegments(db, { shopId: shop.id }).filter((s) => !values.segment || s.id === Number(values.segment));
      if (values.segment && targets.length === 0) fail(`No segment ${values.segment} in ${shop.domain}`);
      const results = [];
      for (const segment of targets) {
        const started = performance.now();
        const result = await computeSegmentOffThread(db, { segmentId: segment.id, clock: Date.now });
        results.push({ segmentId: segment.id, name: segment.name, ...result, ms: Math.round(performance.now() - started) });
      }
      console.log(JSON.stringify({ ok: true, results }, null, 2));
      return;
    }
    case "import-shopify": {
      const query = argument === "-" ? readFileSync(0, "utf8") : argument;
      if (!query?.trim()) fail("Give a Shopify segment query: npm run segments -- import-shopify '<query>'");
      const result = importShopifyQueryForShop(db, { shopId: shop.id, query, now });
      if (!result.ok) fail(describeProblem(result.error), { line: result.error.line, column: result.error.column });
      console.log(JSON.stringify({ ok: true, definition: result.definition, warnings: result.warnings.map(describeProblem) }, null, 2));
      return;
    }
    case "export-shopify": {
      const result = exportDefinitionForShop(db, { shopId: shop.id, definition: checked(), now });
      if (!result.ok) fail(result.reason, { problems: result.problems });
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    default:
      fail(`Unknown command ${JSON.stringify(command ?? "")}: use count, members, explain, validate, recompute, import-shopify or export-shopify`);
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
