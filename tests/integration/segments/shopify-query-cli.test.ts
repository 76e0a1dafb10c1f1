import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShopifyQueryForShop } from "../../../app/models/shopify-query.server";
import { migrateDatabase, openDatabase } from "../../../db/client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { segmentsCli } from "../../helpers/segments-cli";
import { createTempDir } from "../../helpers/test-db";

/** `npm run segments -- import-shopify '<query>'` and `export-shopify <definition.json>` against a generated store. */

const NOW = "2026-11-28T12:00:00Z";

describe("npm run segments -- import-shopify / export-shopify", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "store.sqlite");
  const cli = segmentsCli(dbPath, NOW);
  let shopId: number;

  beforeAll(() => {
    const db = openDatabase(dbPath);
    migrateDatabase(db);
    ({ shopId } = generateStore(db, { ...DEMO_DEFAULTS, scale: 0.05, anchor: Date.parse(NOW), shop: DEMO_SHOP }));
    db.$client.close();
  });
  afterAll(() => tmp.cleanup());

  it("imports a query and prints the definition, with what the import had to fix", async () => {
    const query = "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR last_order_date > -3m)";
    const { code, json } = await cli("import-shopify", query);
    expect(code).toBe(0);
    const db = openDatabase(dbPath, { readonly: true });
    const expected = importShopifyQueryForShop(db, { shopId, query, now: Date.parse(NOW) });
    db.$client.close();
    expect(expected.ok).toBe(true);
    if (!expected.ok) return;
    expect(json).toEqual({
      ok: true,
      definition: expected.definition,
      warnings: ["Line 1, column 101: Segmentflow cannot keep this relative date moving with the same meaning, so it was fixed to 2026-08-29 onwards (as of today, 2026-11-28)"],
    });
  });

  it("prints the error with its line and column, and exits with 1", async () => {
    expect(await cli("import-shopify", "last_order_date BETWEEN 1pm AND 3pm")).toEqual({
      code: 1,
      json: {
        ok: false,
        error: "Line 1, column 25: “1pm” is a time without a date, which the language does not allow: use a date (2020-05-30) or a date and time (2020-05-30T13:00:00)",
        line: 1,
        column: 25,
      },
    });
    const { code, json } = await cli("import-shopify", "amount_spent > 5 AND\ncreated_by_app_id = 5");
    expect(code).toBe(1);
    expect(json).toMatchObject({ line: 2, column: 1, error: expect.stringMatching(/created_by_app_id has no equivalent in Segmentflow/) });
  });

  it("exports a definition file as a query, and what it imports back to", async () => {
    const imported = await cli("import-shopify", "products_purchased NOT MATCHES () OR shopify_email.opened(count_at_least: 3) = true");
    const file = join(tmp.dir, "segment.json");
    writeFileSync(file, JSON.stringify(imported.json.definition));
    const { code, json } = await cli("export-shopify", file);
    expect(code).toBe(0);
    expect(json).toEqual({ ok: true, query: "number_of_orders = 0 OR shopify_email.opened MATCHES (count >= 3)", warnings: [] });
    expect((await cli("import-shopify", json.query)).json.definition).toEqual(imported.json.definition);
  });

  it("says which conditions Shopify's language cannot express, and exits with 1", async () => {
    const definition = {
      version: 1,
      root: { id: "root", type: "group", match: "all", children: [
        { id: "c1", type: "first_name", match: { operator: "is", value: "Alex" } },
        { id: "c2", type: "country", match: { operator: "is_any_of", values: ["US"] } },
      ] },
    };
    expect(await cli("export-shopify", JSON.stringify(definition))).toEqual({
      code: 1,
      json: { ok: false, error: "Shopify's segment query language cannot express one condition of this segment", problems: ["First name: Shopify's segment query language has no filter for it"] },
    });
  });
});
