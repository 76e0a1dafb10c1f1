import { describe, expect, it } from "vitest";
import { countContacts, findContact, listContacts } from "../../app/models/contacts.server";
import { createContact, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

describe("contact queries are scoped by shop", () => {
  const db = createTestDb();
  const north = createShop(db);
  const south = createShop(db);
  const ada = createContact(db, north.id, { firstName: "Ada", lastName: "Lovelace", email: "ada@north.example" });
  createContact(db, north.id, { firstName: "Grace", lastName: "Hopper", email: "grace@north.example" });
  const southAda = createContact(db, south.id, { firstName: "Ada", lastName: "Byron", email: "ada@south.example" });

  it("lists and counts only the shop's own contacts", () => {
    expect(listContacts(db, { shopId: north.id }).contacts.map((c) => c.email).sort()).toEqual(["ada@north.example", "grace@north.example"]);
    expect(countContacts(db, { shopId: south.id })).toBe(1);
  });

  it("searches within the shop only", () => {
    expect(listContacts(db, { shopId: north.id, query: "ada" }).contacts.map((c) => c.id)).toEqual([ada.id]);
    expect(countContacts(db, { shopId: south.id, query: "ada" })).toBe(1);
    expect(countContacts(db, { shopId: north.id, query: "byron" })).toBe(0);
  });

  it("does not find another shop's contact by id", () => {
    expect(findContact(db, { shopId: north.id, contactId: ada.id })?.email).toBe("ada@north.example");
    expect(findContact(db, { shopId: north.id, contactId: southAda.id })).toBeNull();
  });
});

describe("contact search and pagination", () => {
  const db = createTestDb();
  const shop = createShop(db);
  for (let i = 0; i < 60; i++) {
    createContact(db, shop.id, {
      firstName: i % 3 === 0 ? "Maria" : "Jon",
      lastName: `Number${i}`,
      phone: `+1555000${String(i).padStart(4, "0")}`,
      createdAt: 1_000_000 + (i % 10) * 1000, // many ties on created_at
    });
  }
  createContact(db, shop.id, { firstName: "Deleted", deletedAt: 5 });
  createContact(db, shop.id, { firstName: "Redacted", redactedAt: 5 });

  it("matches every word against name, email or phone, case-insensitively", () => {
    expect(countContacts(db, { shopId: shop.id, query: "MARIA" })).toBe(20);
    // Maria is every third contact; "Number3" matches 3 and 30–39, of which 3, 30, 33, 36, 39 are Marias
    expect(countContacts(db, { shopId: shop.id, query: "maria number3" })).toBe(5);
    expect(countContacts(db, { shopId: shop.id, query: "+15550000042" })).toBe(1);
    expect(countContacts(db, { shopId: shop.id, query: "100%" })).toBe(0);
  });

  it("never lists deleted or redacted contacts", () => {
    expect(countContacts(db, { shopId: shop.id })).toBe(60);
    expect(countContacts(db, { shopId: shop.id, query: "Deleted" })).toBe(0);
  });

  it("pages forwards and back through every contact exactly once, newest first", () => {
    const seen: number[] = [];
    let page = listContacts(db, { shopId: shop.id, pageSize: 25 });
    expect(page.hasPrevious).toBe(false);
    seen.push(...page.contacts.map((c) => c.id));
    const firstPageIds = page.contacts.map((c) => c.id);
    while (page.hasNext) {
      page = listContacts(db, { shopId: shop.id, pageSize: 25, after: page.endCursor! });
      seen.push(...page.contacts.map((c) => c.id));
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    const created = seen.map((id) => findContact(db, { shopId: shop.id, contactId: id })!.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const second = listContacts(db, { shopId: shop.id, pageSize: 25, after: listContacts(db, { shopId: shop.id, pageSize: 25 }).endCursor! });
    const back = listContacts(db, { shopId: shop.id, pageSize: 25, before: second.startCursor! });
    expect(back.contacts.map((c) => c.id)).toEqual(firstPageIds);
    expect(back.hasPrevious).toBe(false);
    expect(back.hasNext).toBe(true);
  });
});
