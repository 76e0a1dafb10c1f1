import { describe, expect, it } from "vitest";
import { captureContact } from "../../app/contacts/capture.server";
import { createContact, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

const AT = Date.UTC(2026, 10, 1);

function tagsOf(db: ReturnType<typeof createTestDb>, contactId: number) {
  return db.$client
    .prepare(`SELECT t.name, ct.source FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name, ct.source`)
    .all(contactId);
}

describe("a contact captured outside the platform (import, popup)", () => {
  it("creates a new subscriber with the capture's registration source and tags", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const result = captureContact(db, {
      shopId: shop.id,
      contact: { email: "new@example.com", profile: { firstName: "Noor", birthday: "1990-07-04" }, tags: ["Spring popup"] },
      source: "popup",
      at: AT,
      now: AT,
    });
    expect(result).toMatchObject({ created: true, change: { everything: true } });
    const row = db.$client.prepare(`SELECT registration_source, first_name, birthday_md, created_at FROM contacts WHERE id = ?`).get(result.contactId);
    expect(row).toEqual({ registration_source: "popup", first_name: "Noor", birthday_md: 704, created_at: AT });
    expect(tagsOf(db, result.contactId)).toEqual([{ name: "Spring popup", source: "popup" }]);
  });

  it("matches a platform customer by email, fills only empty fields and adds the tag beside the platform's", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const customer = createContact(db, shop.id, { platformId: "7001", email: "ada@example.com", firstName: "Ada", city: null });
    const result = captureContact(db, {
      shopId: shop.id,
      contact: { email: "ada@example.com", profile: { firstName: "Adeline", city: "Lisbon" }, tags: ["VIP list"] },
      source: "import",
      at: AT,
      now: AT,
    });
    expect(result).toEqual({ contactId: customer.id, created: false, change: { fields: ["city"], tags: true } });
    expect(db.$client.prepare(`SELECT first_name, city FROM contacts WHERE id = ?`).get(customer.id)).toEqual({ first_name: "Ada", city: "Lisbon" });
  });

  it("lets captured values win on a contact created here, matching by phone when the email is unknown", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const local = createContact(db, shop.id, { platformId: null, phone: "+14155550100", firstName: "Sam" });
    const result = captureContact(db, { shopId: shop.id, contact: { email: "sam@example.com", phone: "+14155550100", profile: { firstName: "Samira" } }, source: "import", at: AT, now: AT });
    expect(result.contactId).toBe(local.id);
    expect(result.change).toEqual({ fields: ["email", "first_name"], tags: false });
  });

  it("changes nothing the second time", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const input = { shopId: shop.id, contact: { email: "x@example.com", profile: { city: "Oslo" }, tags: ["imported"] }, source: "import" as const, at: AT, now: AT };
    const first = captureContact(db, input);
    const second = captureContact(db, { ...input, now: AT + 1000 });
    expect(second).toEqual({ contactId: first.contactId, created: false, change: {} });
  });

  it("never matches a deleted or redacted contact, nor one of another shop", () => {
    const db = createTestDb();
    const shop = createShop(db);
    const other = createShop(db);
    const gone = createContact(db, shop.id, { email: "gone@example.com", deletedAt: AT - 1 });
    const elsewhere = createContact(db, other.id, { email: "gone@example.com" });
    const result = captureContact(db, { shopId: shop.id, contact: { email: "gone@example.com" }, source: "popup", at: AT, now: AT });
    expect(result.created).toBe(true);
    expect([gone.id, elsewhere.id]).not.toContain(result.contactId);
  });

  it("refuses a contact with neither email nor phone", () => {
    const db = createTestDb();
    const shop = createShop(db);
    expect(() => captureContact(db, { shopId: shop.id, contact: { profile: { firstName: "Nobody" } }, source: "import", at: AT, now: AT })).toThrow(/email or a phone/);
  });
});
