import { describe, expect, it } from "vitest";
import { computeSegment } from "../../../app/membership/compute.server";
import { createSegment } from "../../../app/models/segments.server";
import { graphqlCustomerUpsert, graphqlLineUpsert, GraphqlCustomerSchema, GraphqlLineItemSchema } from "../../../app/platforms/shopify/graphql-mappers";
import { applyPlatformBatch } from "../../../app/sync/apply-batch.server";
import { ensureProducts } from "../../../app/sync/catalog.server";
import { SyncedShop } from "./harness";

/**
 * B2B company contacts and product tags reach the segment engine: company_contacts/* webhooks
 * (stale and repeated deliveries included) and the backfill's customer rows keep
 * `contacts.company_count`, and product tags from Admin GraphQL become tag categories.
 */

const CUSTOMER = "gid://shopify/Customer/706405506930370084";
const companyContact = (id: string, company: string, updatedAt: string) =>
  JSON.stringify({
    admin_graphql_api_id: `gid://shopify/CompanyContact/${id}`, customer_admin_graphql_api_id: CUSTOMER, title: "Buyer", locale: "en",
    created_at: "2026-11-01T10:00:00-05:00", updated_at: updatedAt,
    company: { admin_graphql_api_id: `gid://shopify/Company/${company}`, name: `Company ${company}`, note: null, external_id: null },
  });
const countOf = (shop: SyncedShop) => shop.one<{ company_count: number }>(`SELECT company_count FROM contacts WHERE shop_id = ? AND platform_id = '706405506930370084'`, shop.shopId).company_count;

describe("B2B company contacts", () => {
  it("enter and leave 'Belongs to a B2B company' with company_contacts/create and delete, a stale delivery changing nothing", async () => {
    const shop = new SyncedShop();
    shop.deliver("customers/create", shop.fixture("customers__create"));
    const created = createSegment(shop.db, {
      shopId: shop.shopId, name: "B2B buyers", now: shop.now,
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "b2b_company", value: "in_company" }] } },
    });
    if (!created.ok) throw new Error("invalid");
    await computeSegment(shop.db, { segmentId: created.segment.id, clock: () => shop.now });

    expect(shop.deliver("company_contacts/create", companyContact("11", "900", "2026-11-01T10:00:00-05:00"))).toMatchObject({ processed: 1, failed: 0 });
    shop.deliver("company_contacts/create", companyContact("12", "901", "2026-11-02T10:00:00-05:00"));
    expect(countOf(shop)).toBe(2);
    shop.deliver("company_contacts/delete", companyContact("11", "900", "2026-11-01T10:00:00-05:00"), { triggeredAt: Date.parse("2026-11-20T10:00:00Z") });
    expect(countOf(shop)).toBe(1);
    // the create of the deleted one, redelivered late, does not bring it back
    shop.deliver("company_contacts/update", companyContact("11", "900", "2026-11-01T11:00:00-05:00"), { triggeredAt: Date.parse("2026-11-01T16:00:00Z") });
    expect(countOf(shop)).toBe(1);
    shop.deliver("company_contacts/delete", companyContact("12", "901", "2026-11-02T10:00:00-05:00"), { triggeredAt: Date.parse("2026-11-21T10:00:00Z") });
    expect(countOf(shop)).toBe(0);
    expect(shop.all(`SELECT kind FROM membership_changes ORDER BY id`)).toEqual([{ kind: 1 }, { kind: 2 }]);
  });

  it("refuses a payload without its customer, naming the field", () => {
    const shop = new SyncedShop();
    shop.deliver("company_contacts/create", JSON.stringify({ admin_graphql_api_id: "gid://shopify/CompanyContact/1", company: { admin_graphql_api_id: "gid://shopify/Company/2" } }));
    expect(shop.inbox()[0]).toMatchObject({ status: "failed", last_error: expect.stringMatching(/customer_admin_graphql_api_id/) });
  });

  it("takes a customer's whole list of company contacts from the backfill", () => {
    const shop = new SyncedShop();
    const customer = (profiles: { id: string; company: { id: string; name: string } }[], updatedAt: string) =>
      graphqlCustomerUpsert(GraphqlCustomerSchema.parse({ id: CUSTOMER, state: "ENABLED", tags: [], locale: "en", createdAt: "2026-01-01T00:00:00Z", updatedAt, companyContactProfiles: profiles }), shop.now);
    const profiles = [{ id: "gid://shopify/CompanyContact/21", company: { id: "gid://shopify/Company/7", name: "Northwind" } }];
    applyPlatformBatch(shop.db, { shopId: shop.shopId, contacts: [customer(profiles, "2026-11-01T00:00:00Z")], now: shop.now, causeDetail: "backfill" });
    expect(countOf(shop)).toBe(1);
    expect(shop.all(`SELECT platform_id, company_platform_id, company_name, deleted_at FROM company_contacts`)).toEqual([
      { platform_id: "21", company_platform_id: "7", company_name: "Northwind", deleted_at: null },
    ]);
    applyPlatformBatch(shop.db, { shopId: shop.shopId, contacts: [customer([], "2026-11-05T00:00:00Z")], now: shop.now, causeDetail: "reconcile" });
    expect(countOf(shop)).toBe(0);
  });
});

describe("product tags", () => {
  it("become tag categories of the product, the list replacing what was held (case-insensitive names)", () => {
    const shop = new SyncedShop();
    const line = (tags: string[]) =>
      graphqlLineUpsert(GraphqlLineItemSchema.parse({ id: "gid://shopify/LineItem/1", title: "Cap", quantity: 1, product: { id: "gid://shopify/Product/55", productType: "Hats", tags } }), "USD");
    const ensure = (tags: string[]) => {
      const l = line(tags);
      ensureProducts(shop.db, { shopId: shop.shopId, refs: [{ platformId: l.productPlatformId!, title: l.title, productType: l.productType, tags: l.productTags }], now: shop.now });
    };
    const tagsOf = () => shop.all<{ name: string }>(`SELECT c.name FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE c.kind = 'tag' ORDER BY c.name`).map((r) => r.name);
    ensure(["Red hats", "Sale"]);
    expect(tagsOf()).toEqual(["Red hats", "Sale"]);
    ensure(["red hats", "Winter"]);
    expect(tagsOf()).toEqual(["Red hats", "Winter"]);
    // a source without tags (a REST order webhook) leaves them alone
    ensureProducts(shop.db, { shopId: shop.shopId, refs: [{ platformId: "55", title: "Cap", productType: "Hats" }], now: shop.now });
    expect(tagsOf()).toEqual(["Red hats", "Winter"]);
  });
});
