/**
 * Webhook deliveries for the benchmark, built from Shopify's published payloads in
 * tests/fixtures/webhooks/shopify (customers/update, orders/create, orders/updated): the fixture's
 * structure and bytes, with the ids, addresses and times of the store's own customers filled in.
 *
 * Bodies are filled into templates made once per topic (the fixture serialised with lossless-json
 * and markers in place of the varying fields), so a delivery costs a string join and an HMAC, not
 * a JSON serialisation: the load generator must not be what limits the rate it measures.
 */
import { parse, stringify } from "lossless-json";
import { readFileSync } from "node:fs";
import { shopifyWebhookHmac } from "../../app/platforms/shopify/webhook-signature";

const FIXTURES = new URL("../../tests/fixtures/webhooks/shopify/", import.meta.url);
const MARKER = /"__BENCH_(\w+)__"/g;
const mark = (name: string) => `__BENCH_${name}__`;

/** A customer of the store the deliveries are about (their platform tags, to keep them). */
export type BenchContact = { platformId: string; email: string | null; firstName: string | null; lastName: string | null; createdAt: number; tags: string[] };

export type Delivery = { topic: string; webhookId: string; eventId: string; triggeredAt: number; body: string };

/** A template: literal text and marker names, alternating (even indexes literal). */
type Template = string[];

function template(fixture: string, place: (payload: Record<string, unknown>) => void): Template {
  const payload = parse(readFileSync(new URL(fixture, FIXTURES), "utf8")) as Record<string, unknown>;
  place(payload);
  return stringify(payload)!.split(MARKER);
}

/** Fills a template; each value is JSON text (`"a@b.c"`, `706405506930370084`, `null`). */
function fill(parts: Template, values: Record<string, string>): string {
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i]];
    if (value === undefined) throw new Error(`no value for ${parts[i]}`);
    out += value + parts[i + 1];
  }
  return out;
}

const CUSTOMER = template("customers__update.json", (c) => {
  Object.assign(c, {
    id: mark("cid"), admin_graphql_api_id: mark("cgid"), email: mark("email"), first_name: mark("first"), last_name: mark("last"),
    created_at: mark("createdAt"), updated_at: mark("updatedAt"), tags: mark("tags"),
  });
  Object.assign(c.default_address as object, { customer_id: mark("cid"), first_name: mark("first"), last_name: mark("last") });
});

const ORDER = template("orders__create.json", (o) => {
  Object.assign(o, {
    id: mark("oid"), admin_graphql_api_id: mark("ogid"), name: mark("oname"), order_number: mark("onumber"), number: mark("onumberShort"),
    token: mark("otoken"), cancel_reason: null, cancelled_at: null, closed_at: null, financial_status: mark("financial"),
    created_at: mark("createdAt"), processed_at: mark("createdAt"), updated_at: mark("updatedAt"), email: mark("email"), contact_email: mark("email"),
  });
  Object.assign(o.customer as object, { id: mark("cid"), admin_graphql_api_id: mark("cgid"), email: mark("email"), first_name: mark("first"), last_name: mark("last") });
  Object.assign((o.customer as { default_address: object }).default_address, { customer_id: mark("cid") });
  (o.line_items as Record<string, unknown>[]).forEach((line, k) => Object.assign(line, { id: mark(`line${k}`), admin_graphql_api_id: mark(`linegid${k}`) }));
  (o.shipping_lines as Record<string, unknown>[]).forEach((line, k) => Object.assign(line, { id: mark(`ship${k}`) }));
});
const ORDER_LINES = ORDER.filter((p, i) => i % 2 === 1 && p.startsWith("line") && !p.startsWith("linegid")).length;
const ORDER_SHIPPING = ORDER.filter((p, i) => i % 2 === 1 && p.startsWith("ship")).length;

const json = (value: string | null) => JSON.stringify(value);
/** Shopify's timestamp form: whole seconds. */
const shopifyTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

function customerValues(c: BenchContact): Record<string, string> {
  return { cid: c.platformId, cgid: json(`gid://shopify/Customer/${c.platformId}`), email: json(c.email), first: json(c.firstName), last: json(c.lastName) };
}

/** customers/update for a customer with exactly these platform tags, updated at `at`. */
export function customerUpdateBody(c: BenchContact, tags: string[], at: number): string {
  return fill(CUSTOMER, { ...customerValues(c), createdAt: json(shopifyTime(c.createdAt)), updatedAt: json(shopifyTime(at)), tags: json(tags.join(", ")) });
}

/** An order of customer `c` (orders/create, and orders/updated when `paid` later). */
export type BenchOrder = { id: bigint; number: number; lineIds: bigint[]; shippingIds: bigint[]; contact: BenchContact; createdAt: number };

export function orderBody(order: BenchOrder, { updatedAt, paid }: { updatedAt: number; paid: boolean }): string {
  const values: Record<string, string> = {
    ...customerValues(order.contact),
    oid: String(order.id), ogid: json(`gid://shopify/Order/${order.id}`), oname: json(`#${order.number}`), onumber: String(order.number),
    onumberShort: String(order.number - 1000), otoken: json(`bench${order.id}`), financial: json(paid ? "paid" : "pending"),
    createdAt: json(shopifyTime(order.createdAt)), updatedAt: json(shopifyTime(updatedAt)),
  };
  order.lineIds.forEach((id, k) => Object.assign(values, { [`line${k}`]: String(id), [`linegid${k}`]: json(`gid://shopify/LineItem/${id}`) }));
  order.shippingIds.forEach((id, k) => (values[`ship${k}`] = String(id)));
  return fill(ORDER, values);
}

/**
 * Distinct 18-digit ids for one run: time-based, so a later run on the same store never reuses
 * an earlier run's ids (up to 100 million ids a run).
 */
export class IdSource {
  private next: bigint;
  constructor(startMs = Date.now()) {
    this.next = 100_000_000_000_000_000n + (BigInt(startMs) % 8_000_000_000n) * 100_000_000n;
  }
  id(): bigint {
    return this.next++;
  }
}

/** Synthetic customers (for the raw-SQLite floor, which has no store). */
export function syntheticContacts(count: number, ids = new IdSource()): BenchContact[] {
  return Array.from({ length: count }, (_, i) => ({ platformId: String(ids.id()), email: `bench-${i}@example.com`, firstName: "Bench", lastName: `Customer ${i}`, createdAt: Date.parse("2026-01-01T00:00:00Z"), tags: [] }));
}

/**
 * The realistic mix, delivery by delivery: 40% customers/update, 40% orders/create, 20%
 * orders/updated (an order of this run paid later; orders/create when none is pending).
 */
export class DeliveryMix {
  private readonly ids: IdSource;
  private readonly pending: BenchOrder[] = [];
  private nextNumber = 100_000;

  constructor(private readonly run: string, private readonly contacts: BenchContact[], startMs = Date.now()) {
    if (contacts.length === 0) throw new Error("the delivery mix needs at least one customer");
    this.ids = new IdSource(startMs);
  }

  /** Delivery `i`; `now` is when it is sent (its trigger time and updated_at). */
  delivery(i: number, now: number): Delivery {
    const contact = this.contacts[(i * 7919) % this.contacts.length];
    const slot = i % 5;
    let topic: string;
    let body: string;
    if (slot === 0 || slot === 2) {
      topic = "customers/update";
      body = customerUpdateBody(contact, contact.tags, now);
    } else if (slot === 4 && this.pending.length > 0) {
      topic = "orders/updated";
      body = orderBody(this.pending.shift()!, { updatedAt: now, paid: true });
    } else {
      topic = "orders/create";
      const order: BenchOrder = {
        id: this.ids.id(), number: this.nextNumber++, contact, createdAt: now,
        lineIds: Array.from({ length: ORDER_LINES }, () => this.ids.id()), shippingIds: Array.from({ length: ORDER_SHIPPING }, () => this.ids.id()),
      };
      this.pending.push(order);
      body = orderBody(order, { updatedAt: now, paid: false });
    }
    return { topic, webhookId: `${this.run}-${i}`, eventId: `${this.run}-event-${i}`, triggeredAt: now, body };
  }
}

/** The headers Shopify sends with a delivery (https://shopify.dev/docs/api/webhooks, "Headers"). */
export function deliveryHeaders(d: Delivery, { shop, secret, apiVersion }: { shop: string; secret: string; apiVersion: string }): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(d.body)),
    "X-Shopify-Hmac-Sha256": shopifyWebhookHmac(d.body, secret),
    "X-Shopify-Topic": d.topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": apiVersion,
    "X-Shopify-Webhook-Id": d.webhookId,
    "X-Shopify-Event-Id": d.eventId,
    // microseconds, as Shopify writes it
    "X-Shopify-Triggered-At": new Date(d.triggeredAt).toISOString().replace("Z", "000Z"),
  };
}

/**
 * Delivery `i` of the steady stream that moves contacts in and out of a segment "tag is
 * `tag`": customer `i mod n` gets the tag on even passes over the list (enters) and loses it on odd
 * ones (leaves), keeping their other platform tags.
 */
export function toggleDelivery(run: string, contacts: BenchContact[], tag: string, i: number, now: number): Delivery & { contact: number; enters: boolean } {
  const contact = i % contacts.length;
  const enters = Math.floor(i / contacts.length) % 2 === 0;
  const c = contacts[contact];
  const body = customerUpdateBody(c, enters ? [...c.tags, tag] : c.tags, now);
  return { topic: "customers/update", webhookId: `${run}-${i}`, eventId: `${run}-event-${i}`, triggeredAt: now, body, contact, enters };
}
