import { recomputeAllOrderStats, recomputeOrderRefunds } from "../../../app/contacts/order-stats.server";
import type { SegmentDefinition } from "../../../app/segments/definition";
import type { Db } from "../../../db/client.server";
import { EVENT_TYPES } from "../../../db/enums";
import { generateStore } from "../../../db/seed/generate-store";
import { SeededRandom } from "../../../db/seed/random";
import { RandomDefinitions } from "../../generators/random-definitions";
import { factsFromStore } from "../../generators/store-facts";
import { createTestDb } from "../../helpers/test-db";
import { addDays, dayStart, localDate, type Clock } from "../../reference/calendar";
import { evaluateNodes } from "../../reference/evaluate";
import { loadStore, type ReferenceStore } from "../../reference/load-store";

/**
 * The stores of the differential test (differential.test.ts): small generated stores for several
 * seeds, anchors and shop time zones, two shops per database, each with hand-made edge rows added,
 * loaded for the reference evaluator and given its share of the random definitions together with
 * the members the reference expects for every node.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type StoreSetup = { story: string; database: string; seed: number; scale: number; timeZone: string; anchor: string; nowFromAnchorHours: number };

const STORES: StoreSetup[] = [
  { story: "a UTC shop, now = the anchor", database: "first", seed: 101, scale: 0.06, timeZone: "UTC", anchor: "2026-11-28T12:00:00Z", nowFromAnchorHours: 0 },
  { story: "New York, a few days after the November DST change", database: "first", seed: 202, scale: 0.08, timeZone: "America/New_York", anchor: "2026-11-05T15:00:00Z", nowFromAnchorHours: 6 },
  { story: "the Azores, whose midnight repeats at the October change; now a day before the newest data", database: "second", seed: 303, scale: 0.06, timeZone: "Atlantic/Azores", anchor: "2026-10-27T00:30:00Z", nowFromAnchorHours: -30 },
  { story: "Santiago on the day its midnight is skipped (today starts at 01:00)", database: "second", seed: 404, scale: 0.06, timeZone: "America/Santiago", anchor: "2026-09-06T16:00:00Z", nowFromAnchorHours: 0 },
  { story: "Auckland, a week before Feb 28 of a non-leap year", database: "third", seed: 505, scale: 0.05, timeZone: "Pacific/Auckland", anchor: "2027-02-20T09:00:00Z", nowFromAnchorHours: 0 },
  { story: "Kolkata (UTC+5:30) on Feb 28 of a leap year", database: "third", seed: 606, scale: 0.05, timeZone: "Asia/Kolkata", anchor: "2028-02-27T20:00:00Z", nowFromAnchorHours: 0 },
];

export type Shop = { setup: StoreSetup; db: Db; shopId: number; clock: Clock; store: ReferenceStore; definitions: SegmentDefinition[]; expected: Map<string, Set<number>>[] };

// ── edge rows the generator does not make ────────────────────────────────────────────────────

/**
 * Rows a generated store lacks: NULL and '' text, mixed-case and non-ASCII text, emoji and LIKE
 * wildcards, deleted and redacted contacts that match everything, events and orders exactly on
 * window edges and in the future, guest orders, cancelled/deleted/fully refunded orders, refunded
 * lines, a leap-day birthday, future-dated custom dates, typed attributes with missing values and
 * tags whose names differ only in case.
 */
function addEdgeCases(db: Db, shopId: number, clock: Clock): void {
  const sqlite = db.$client;
  const random = new SeededRandom(shopId * 7919);
  const today = localDate(clock.now, clock.timeZone);
  const start = (date: string) => dayStart(date, clock.timeZone);
  const insert = (table: string, row: Record<string, unknown>) =>
    Number(sqlite.prepare(`INSERT INTO ${table} (${Object.keys(row).join(", ")}) VALUES (${Object.keys(row).map(() => "?").join(", ")})`).run(...Object.values(row)).lastInsertRowid);

  const edges = [
    start(addDays(today, -30)) - 1, start(addDays(today, -30)), start(addDays(today, -7)), start(today) - 1, start(today),
    clock.now - 24 * HOUR, clock.now, clock.now + 1, clock.now + 2 * HOUR, start(addDays(today, 1)), start(addDays(today, 3)),
  ];
  // the start of every day in the last year that is not 24 hours long (DST changes), and the instant before it
  for (let date = addDays(today, -370); date <= today; date = addDays(date, 1)) {
    if (start(addDays(date, 1)) - start(date) !== DAY) edges.push(start(date) - 1, start(date), start(addDays(date, 1)) - 1, start(addDays(date, 1)));
  }

  let n = 0;
  const contact = (fields: Record<string, unknown>) =>
    insert("contacts", { shop_id: shopId, platform_id: `edge-${shopId}-${++n}`, created_at: random.pick(edges), updated_at: clock.now, ...fields });
  const people = [
    contact({ first_name: null, last_name: null, email: null, phone: null, country_code: null, city: null, zip: null, language: null, member_tier: null }),
    contact({ first_name: "", last_name: "", email: "", phone: "", country_code: "", region_code: "", city: "", zip: "", language: "", member_tier: "", gender: null }),
    contact({ first_name: "ÉLODIE", last_name: "Ångström", email: "elodie@gmail.com", city: "MONTRÉAL", member_tier: "GOLD", country_code: "CA", region_code: "QC", birthday_md: 229 }),
    contact({ first_name: "élodie", last_name: "ångström", email: "Mixed.Case@Example.COM", city: "montréal", member_tier: "gold", country_code: "us", region_code: "ny", birthday_md: 228 }),
    contact({ first_name: "Élodie", last_name: "Zoë", email: "zoe@yahoo.com", city: "Montréal", member_tier: "Gold", language: "pt-BR", birthday_md: 301 }),
    contact({ first_name: "ZOË", last_name: "zoë", email: "not-an-address", city: "São Paulo", member_tier: "Platinum ✨", birthday_md: 1231 }),
    contact({ first_name: "😀Smile", last_name: "Smith😀", email: "two@at@signs.com", city: "🏙️ Metro", zip: "100%", birthday_md: 101, phone: "+15550100" }),
    contact({ first_name: "Ana 🌸", last_name: "🌸", city: "Rio 🌴", member_tier: "💎 Diamond", zip: "💌1" }),
    contact({ first_name: "50%_off", last_name: "back\\slash", city: "a_b", zip: "_1_", member_tier: "%", phone: "+4477009000" }),
    contact({ first_name: "alex", last_name: "SMITH", email: "alex@GMAIL.com", country_code: "US", region_code: "NY", city: "new york", last_visit_at: clock.now + 2 * HOUR }),
    contact({ first_name: "Deleted", email: "deleted@gmail.com", country_code: "US", deleted_at: clock.now - DAY, is_member: 1, member_tier: "Gold" }),
    contact({ first_name: null, email: null, country_code: "US", redacted_at: clock.now - DAY, is_member: 1 }),
    contact({ first_name: "Future", last_visit_at: clock.now + 1, lifecycle_stage: "loyal", email_validity: "bounced", phone_validity: "invalid", phone: "+15550111", sms_consent: "subscribed" }),
  ];
  const seeded = (sqlite.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND platform_id NOT LIKE 'edge-%' ORDER BY id LIMIT 16`).all(shopId) as { id: number }[]).map((r) => r.id);
  // two generated contacts with a real history leave the segment world: one deleted, one redacted
  sqlite.prepare(`UPDATE contacts SET deleted_at = ? WHERE id = ?`).run(clock.now - DAY, seeded[0]);
  sqlite.prepare(`UPDATE contacts SET redacted_at = ?, first_name = NULL, email = NULL WHERE id = ?`).run(clock.now - DAY, seeded[1]);
  // leap-day birthdays among ordinary contacts
  for (const id of seeded.slice(2, 8)) sqlite.prepare(`UPDATE contacts SET birthday_md = 229 WHERE id = ?`).run(id);
  const everyone = [...people, ...seeded];

  // events on window edges, of types the generator never writes, for edge and generated contacts
  const products = (sqlite.prepare(`SELECT product_id FROM order_lines WHERE shop_id = ? GROUP BY product_id ORDER BY count(*) DESC LIMIT 4`).all(shopId) as { product_id: number }[]).map((r) => r.product_id);
  const campaign = (sqlite.prepare(`SELECT id FROM campaigns WHERE shop_id = ? AND channel = 'email' ORDER BY id DESC LIMIT 1`).get(shopId) as { id: number }).id;
  const sms = (sqlite.prepare(`SELECT id FROM campaigns WHERE shop_id = ? AND channel = 'sms' ORDER BY id DESC LIMIT 1`).get(shopId) as { id: number }).id;
  const coupon = (sqlite.prepare(`SELECT id FROM coupons WHERE shop_id = ? ORDER BY id LIMIT 1`).get(shopId) as { id: number }).id;
  const kinds: [number, number | null, number | null][] = [
    [EVENT_TYPES.page_viewed, null, null], [EVENT_TYPES.product_viewed, products[0], null], [EVENT_TYPES.product_viewed, null, null],
    [EVENT_TYPES.added_to_cart, products[1], null], [EVENT_TYPES.checkout_abandoned, null, null], [EVENT_TYPES.email_delivered, campaign, null],
    [EVENT_TYPES.email_complained, campaign, null], [EVENT_TYPES.email_opened, campaign, null], [EVENT_TYPES.sms_delivered, sms, null],
    [EVENT_TYPES.subscription_started, null, null], [EVENT_TYPES.coupon_received, coupon, null], [EVENT_TYPES.coupon_clicked, coupon, campaign],
  ];
  for (const contactId of everyone) {
    for (let k = 0; k < 6; k++) {
      const [type, subject, detail] = random.pick(kinds);
      insert("events", { shop_id: shopId, contact_id: contactId, type, subject_id: subject, detail_id: detail, occurred_at: random.pick(edges), source: 1 });
    }
  }

  // orders: guest, cancelled, deleted, fully refunded, free, partly refunded lines, on window edges
  let orderNo = 0;
  const order = (contactId: number | null, options: { total?: number; refund?: number; cancelled?: boolean; deleted?: boolean; lines: [number | null, number, number][] }) => {
    const total = options.total ?? 5_000;
    const placedAt = random.pick(edges);
    const orderId = insert("orders", {
      shop_id: shopId, platform_id: `edge-order-${++orderNo}`, contact_id: contactId, currency: "USD", total_minor: total, placed_at: placedAt,
      cancelled_at: options.cancelled ? placedAt + HOUR : null, deleted_at: options.deleted ? placedAt + HOUR : null, created_at: placedAt, updated_at: placedAt,
    });
    for (const [productId, quantity, refunded] of options.lines) {
      insert("order_lines", { shop_id: shopId, order_id: orderId, contact_id: contactId, product_id: productId, quantity, refunded_quantity: refunded, price_minor: 2_500, total_minor: 2_500 * quantity });
    }
    if (options.refund) insert("refunds", { shop_id: shopId, order_id: orderId, platform_id: `edge-refund-${orderNo}`, amount_minor: options.refund, refunded_at: placedAt + DAY });
  };
  for (let g = 0; g < 3; g++) order(null, { lines: [[products[0], 1, 0], [products[1], 2, 0], [products[2], 1, 0]] });
  for (const contactId of everyone) {
    const pick = () => random.pick(products);
    order(contactId, random.weighted([
      [{ lines: [[pick(), 1, 0]] }, 2],
      [{ cancelled: true, lines: [[pick(), 1, 0]] }, 1],
      [{ deleted: true, lines: [[pick(), 1, 0]] }, 1],
      [{ total: 2_500, refund: 2_500, lines: [[pick(), 1, 1]] }, 2],
      [{ total: 0, lines: [[pick(), 1, 0]] }, 1],
      [{ total: 7_500, refund: 2_500, lines: [[pick(), 2, 1], [pick(), 1, 0]] }, 1],
      [{ lines: [[null, 1, 0], [pick(), 1, 0]] }, 1],
    ] as const) as Parameters<typeof order>[1]);
  }
  recomputeOrderRefunds(db, { shopId });
  recomputeAllOrderStats(db, { shopId });

  // custom attributes: future dates, missing and empty values, non-ASCII text, decimals
  const attribute = (key: string, type: string) => insert("attribute_definitions", { shop_id: shopId, key, label: key, type, created_at: 0 });
  const existing = (key: string) => (sqlite.prepare(`SELECT id FROM attribute_definitions WHERE shop_id = ? AND key = ?`).get(shopId, key) as { id: number }).id;
  const nickname = attribute("nickname", "text");
  const renewal = attribute("renewal_at", "date");
  const score = attribute("score", "number");
  const optedIn = attribute("opted_in", "boolean");
  const survey = existing("last_survey_at");
  const futureDates = [clock.now + HOUR, start(addDays(today, 1)), start(addDays(today, 3)) - 1, clock.now + 40 * DAY, clock.now + 400 * DAY, start(today), clock.now, clock.now + 1];
  const value = (contactId: number, attributeId: number, text: string | null, number: number | null) =>
    insert("contact_attributes", { contact_id: contactId, attribute_id: attributeId, shop_id: shopId, text_value: text, number_value: number, updated_at: 0 });
  everyone.forEach((contactId, i) => {
    if (i % 5 !== 4) value(contactId, nickname, random.pick([null, "", "Zoë", "ZOË", "zoe", "😀 smile", "50%_off", "XL", "xl"]), null);
    if (i % 4 !== 3) value(contactId, renewal, null, random.pick([null, ...futureDates, ...edges]));
    if (i % 3 !== 2) value(contactId, score, null, random.pick([null, -3, 0, 2.5, 10, 1e6]));
    if (i % 2 === 0) value(contactId, optedIn, null, random.pick([null, 0, 1]));
    if (i < people.length) value(contactId, survey, null, random.pick(futureDates));
  });

  // tags differing only in case or outside ASCII, held from several sources
  const tag = (name: string) => insert("tags", { shop_id: shopId, name, name_key: name.toLowerCase(), created_at: 0 });
  const extraTags = [tag("VIP-Élite"), tag("Ünïcode"), tag("MiXeD Case")];
  const allTags = (sqlite.prepare(`SELECT id FROM tags WHERE shop_id = ?`).all(shopId) as { id: number }[]).map((r) => r.id);
  for (const contactId of everyone) {
    for (const source of ["platform", "import", "popup"]) {
      if (random.chance(0.5)) {
        const tagId = random.chance(0.5) ? random.pick(extraTags) : random.pick(allTags);
        sqlite.prepare(`INSERT OR IGNORE INTO contact_tags (tag_id, contact_id, source, shop_id, added_at) VALUES (?, ?, ?, ?, 0)`).run(tagId, contactId, source, shopId);
      }
    }
  }
}

// ── the stores and the definitions ───────────────────────────────────────────────────────────

export function buildShops(definitionCount: number): Shop[] {
  const databases = new Map<string, Db>();
  const perStore = Math.ceil(definitionCount / STORES.length);
  return STORES.map((setup, index) => {
    const db = databases.get(setup.database) ?? createTestDb();
    databases.set(setup.database, db);
    const anchor = Date.parse(setup.anchor);
    const { shopId } = generateStore(db, {
      seed: setup.seed, scale: setup.scale, anchor,
      shop: { platform: "shopify", domain: `differential-${setup.seed}.myshopify.com`, name: setup.story, timeZone: setup.timeZone, currency: "USD" },
    });
    const clock = { now: anchor + setup.nowFromAnchorHours * HOUR, timeZone: setup.timeZone };
    addEdgeCases(db, shopId, clock);
    const store = loadStore(db, shopId);
    const generator = new RandomDefinitions(9_000 + setup.seed, factsFromStore(store, clock));
    const count = Math.min(perStore, definitionCount - index * perStore);
    const definitions = Array.from({ length: Math.max(0, count) }, () => generator.next());
    const expected = definitions.map((d) => evaluateNodes(d.root, store, clock));
    return { setup, db, shopId, clock, store, definitions, expected };
  });
}
