import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, orders } from "../../db/schema";
import { getRow, updateRowById } from "../../db/table-rows";
import { createContact, createOrder, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

describe("whole rows through prepared statements (webhook hot path)", () => {
  it("reads a contact and an order exactly as drizzle reads them, booleans included", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const contact = createContact(db, shop.id, { platformId: "706405506930370084", isMember: true, email: "ana@example.com" });
    const order = createOrder(db, shop.id, contact.id, { platformId: "820982911946154508" });
    const viaDrizzle = db.select().from(contacts).where(eq(contacts.id, contact.id)).get();
    const viaPrepared = getRow(db.$client, contacts, `shop_id = ? AND platform_id = ?`, shop.id, "706405506930370084");
    expect(viaPrepared).toStrictEqual(viaDrizzle);
    expect(viaPrepared?.isMember).toBe(true);
    expect(getRow(db.$client, orders, `shop_id = ? AND platform_id = ?`, shop.id, "820982911946154508")).toStrictEqual(db.select().from(orders).where(eq(orders.id, order.id)).get());
    expect(getRow(db.$client, contacts, `shop_id = ? AND platform_id = ?`, shop.id, "nobody")).toBeUndefined();
  });

  it("updates only the given columns of a row of that shop, mapping values as drizzle does", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const other = createShop(db, { domain: "other.myshopify.com" });
    const contact = createContact(db, shop.id, { firstName: "Ana", isMember: true });
    updateRowById(db.$client, contacts, { id: contact.id, shopId: shop.id, set: { firstName: "Ana Maria", isMember: false, city: null } });
    updateRowById(db.$client, contacts, { id: contact.id, shopId: other.id, set: { firstName: "Not mine" } });
    const row = db.select().from(contacts).where(and(eq(contacts.id, contact.id), eq(contacts.shopId, shop.id))).get()!;
    expect(row).toMatchObject({ firstName: "Ana Maria", isMember: false, city: null, email: contact.email });
  });
});
