import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSegment } from "../../app/membership/compute.server";
import { createSegment } from "../../app/models/segments.server";
import { SHOPLINE_API_VERSION, createShoplineAdminGraphql } from "../../app/platforms/shopline/admin-graphql.server";
import { backfillView } from "../../app/sync/backfill.server";
import { backfillShoplineCustomers } from "../../app/sync/shopline-backfill.server";
import { migrateDatabase, openDatabase } from "../../db/client.server";
import { shops } from "../../db/schema";
import { FakeShoplineAdmin } from "../helpers/fake-shopline-admin";
import { createTempDir } from "../helpers/test-db";

/** The initial import of a SHOPLINE store through its GraphQL Admin API (graphql-request), against a loopback fake. */

const T0 = Date.parse("2026-11-28T12:00:00Z");
// SHOPLINE ids are 19 digits: far past what a JavaScript number holds exactly
const IDS = ["4600000000000000001", "4600000000000000002", "4600000000000000003", "4600000000000000004", "4600000000000000005"];

let fake: FakeShoplineAdmin;
const tmp = createTempDir("segmentflow-shopline-");
beforeAll(async () => {
  fake = await FakeShoplineAdmin.start("shopline-access-token");
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

describe("SHOPLINE backfill", () => {
  it("imports every customer page by page, rides out rate limits, and resumes after a failure without duplicates", async () => {
    const db = openDatabase(join(tmp.dir, "shopline.sqlite"));
    migrateDatabase(db);
    const shopId = db.insert(shops).values({ platform: "shopline", domain: "fake-store.myshopline.com", createdAt: T0, updatedAt: T0 }).returning().get().id;
    fake.customers.push(
      ...IDS.map((id, i) => ({ id, firstName: `Customer ${i + 1}`, email: `c${i + 1}@example.com`, createdAt: "2025-01-01T00:00:00Z", updatedAt: `2025-0${i + 1}-01T00:00:00Z` })),
    );
    Object.assign(fake.customers[2], { emailMarketingState: "SUBSCRIBED", tags: ["VIP", "wholesale"], address: { countryCodeV2: "SG", city: "Singapore" }, phone: "+6591234567" });
    const created = createSegment(db, { shopId, name: "Subscribers", now: T0, definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } }] } } });
    if (!created.ok) throw new Error("invalid segment");
    await computeSegment(db, { segmentId: created.segment.id, clock: () => T0 });

    const api = createShoplineAdminGraphql({ handle: "fake-store", token: fake.accessToken, origin: fake.origin, minTimeoutMs: 5, retries: 3 });
    fake.failNext("http429"); // rate limited: retried
    fake.failNext("http500"); // a server error: retried
    fake.failNext("unauthorized", { skip: 2 }); // the third page is refused (not retried): the run stops there
    await expect(backfillShoplineCustomers(db, { api, shopId, clock: () => T0, pageSize: 2 })).rejects.toThrow(/HTTP 401/);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 500, 200, 200, 401]);
    expect(fake.requests.every((r) => r.version === SHOPLINE_API_VERSION)).toBe(true);
    const platformIds = () => db.$client.prepare(`SELECT platform_id FROM contacts WHERE shop_id = ? ORDER BY platform_id`).pluck().all(shopId);
    expect(platformIds()).toEqual(IDS.slice(0, 4));
    expect(backfillView(db, shopId)).toEqual({ status: "running", phase: "customers", done: 4, total: null });

    // the job runs again later: it asks for the page it stopped on, and nothing is applied twice
    const result = await backfillShoplineCustomers(db, { api, shopId, clock: () => T0 + 3_600_000, pageSize: 2 });
    expect(result).toEqual({ customers: 5, changedContacts: 1 });
    expect(fake.requests.at(-1)!.variables).toEqual({ first: 2, after: fake.requests.at(-2)!.variables.after });
    expect(platformIds()).toEqual(IDS);
    expect(db.$client.prepare(`SELECT status, watermark, started_at FROM sync_state WHERE shop_id = ? AND kind = 'backfill'`).get(shopId)).toEqual({ status: "done", watermark: T0, started_at: T0 });
    expect(db.$client.prepare(`SELECT email, email_consent, phone, country_code, city FROM contacts WHERE platform_id = ?`).get(IDS[2])).toEqual({
      email: "c3@example.com", email_consent: "subscribed", phone: "+6591234567", country_code: "SG", city: "Singapore",
    });
    expect(db.$client.prepare(`SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.id = ct.contact_id WHERE c.platform_id = ? ORDER BY t.name`).pluck().all(IDS[2])).toEqual(["VIP", "wholesale"]);
    expect(db.$client.prepare(`SELECT c.platform_id FROM segment_members m JOIN contacts c ON c.id = m.contact_id WHERE m.segment_id = ?`).pluck().all(created.segment.id)).toEqual([IDS[2]]);
    expect(backfillView(db, shopId)).toBeNull();

    // a later full import (a reinstall) changes nothing
    expect(await backfillShoplineCustomers(db, { api, shopId, clock: () => T0 + 7_200_000, pageSize: 2 })).toEqual({ customers: 5, changedContacts: 0 });
    expect(platformIds()).toEqual(IDS);
  });
});
