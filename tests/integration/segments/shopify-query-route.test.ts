import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../../app/db.server";
import { resetEnvCache } from "../../../app/env.server";
import { createSegment } from "../../../app/models/segments.server";
import * as route from "../../../app/routes/app.segments.shopify-query";
import { DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createShop } from "../../factories/store";
import { createTestDb } from "../../helpers/test-db";

/** The resource route behind "Import from a Shopify query" and "Copy as Shopify query", in demo mode, scoped to the shop. */

const BASE = "http://localhost:3000/app/segments/shopify-query";
type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function call(handler: Handler, request: Request): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = (await handler({ request, params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const post = (body: unknown) => call(route.action as Handler, new Request(BASE, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
const get = (query: string) => call(route.loader as Handler, new Request(`${BASE}${query}`));

describe("/app/segments/shopify-query", () => {
  const db = createTestDb();
  let shopId: number;
  let otherShopId: number;

  beforeAll(() => {
    vi.stubEnv("APP_MODE", "demo");
    vi.stubEnv("DATABASE_PATH", ":memory:");
    resetEnvCache();
    setDb(db);
    ({ shopId } = generateStore(db, { seed: 9, scale: 0.05, anchor: Date.now(), shop: DEMO_SHOP }));
    otherShopId = createShop(db, { domain: "elsewhere.myshopify.com" }).id;
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    setDb(undefined);
  });

  it("imports a query into a definition, or answers 422 with the line and column", async () => {
    const ok = await post({ query: "customer_countries CONTAINS 'CA' AND amount_spent >= 100" });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, warnings: [], definition: { version: 1, root: { match: "all" } } } });
    const bad = await post({ query: "customer_countries CONTAINS 'CA' AND\n  amount_spent >> 100" });
    expect(bad).toEqual({ status: 422, body: { ok: false, error: { line: 2, column: 17, message: expect.stringMatching(/Expected a value/) } } });
    expect((await post({ nothing: true })).status).toBe(400);
  });

  it("resolves references in the session's shop only", async () => {
    const product = db.$client.prepare(`SELECT platform_id FROM products WHERE shop_id = ? LIMIT 1`).pluck().get(shopId) as string;
    const own = await post({ query: `products_purchased MATCHES (id = ${product})` });
    expect(own.status).toBe(200);
    const foreign = db.$client.prepare(`INSERT INTO products (shop_id, platform_id, title, created_at, updated_at) VALUES (?, '999000111', 'Elsewhere', 0, 0)`).run(otherShopId);
    expect(foreign.changes).toBe(1);
    expect(await post({ query: "products_purchased MATCHES (id = 999000111)" })).toMatchObject({
      status: 422,
      body: { error: { line: 1, column: 34, message: "No product 999000111 in this shop" } },
    });
  });

  it("writes a segment of the shop as a query, or says why it cannot", async () => {
    const definition = (children: object[]) => ({ version: 1, root: { id: "root", type: "group", match: "all", children } });
    const make = (shop: number, children: object[]) => {
      const result = createSegment(db, { shopId: shop, name: `s${Math.random()}`, definition: definition(children), now: Date.now() });
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      return result.segment.id;
    };
    const expressible = make(shopId, [{ id: "c1", type: "order_count", match: { operator: "gte", value: 2 } }, { id: "c2", type: "language", match: { operator: "is", value: "fr" } }]);
    expect(await get(`?segmentId=${expressible}`)).toEqual({ status: 200, body: { ok: true, query: "number_of_orders >= 2 AND customer_language = 'fr'", warnings: [] } });
    const notExpressible = make(shopId, [{ id: "c1", type: "zip", match: { operator: "starts_with", value: "100" } }]);
    expect(await get(`?segmentId=${notExpressible}`)).toEqual({
      status: 200,
      body: { ok: false, reason: "Shopify's segment query language cannot express one condition of this segment", problems: ["Zip / postal code: Shopify's segment query language has no filter for it"] },
    });
    const foreign = make(otherShopId, [{ id: "c1", type: "order_count", match: { operator: "gte", value: 2 } }]);
    expect((await get(`?segmentId=${foreign}`)).status).toBe(404);
    expect((await get("")).status).toBe(400);
  });
});
