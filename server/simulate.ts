/**
 * Traffic simulator: sends realistic, correctly signed Shopify webhooks and web-pixel events to a
 * running demo, as a second process on loopback, and reports what the demo made of them.
 *
 *   npm run simulate -- --rate 50 --duration 20 [--url http://localhost:3000] [--db <demo db>] [--seed N]
 *
 * It reads the demo database (read-only) for the shop, existing customers and real products, then
 * sends customers/create (new customers), customers/update, orders/create and orders/paid with
 * line items of the store's products, email and SMS consent updates and customer.tags_added, and
 * storefront visits (page, collection and product views, adds to cart) through the pixel route, at
 * `rate` requests per second for `duration` seconds, signed with the demo's webhook secret. Ids it
 * invents are above every numeric id in the store and time-based, so they never collide. Prints
 * `{ sent, accepted, rejected, ratePerSecond, latencyMs: { p50, p95 }, byKind }`; accepted = HTTP 200.
 * Payloads follow Shopify's published samples (tests/fixtures/webhooks/shopify) and what the
 * adapters read (app/platforms/shopify).
 */
import { stringify } from "lossless-json";
import { DateTime } from "luxon";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase, type Db } from "../db/client.server";
import { DEFAULT_DEMO_DATABASE_PATH } from "../db/paths";
import { DEMO_SHOP } from "../db/seed/demo-store";
import { SeededRandom } from "../db/seed/random";
import { currencyExponent } from "../app/money/money";
import { DEMO_WEBHOOK_SECRET, SHOPIFY_API_VERSION } from "../app/shopify.server";

type Contact = {
  platformId: string; email: string | null; phone: string | null; firstName: string | null; lastName: string | null;
  countryCode: string | null; regionCode: string | null; city: string | null; zip: string | null; accountState: string | null; createdAt: number;
};
type Product = { platformId: string; title: string; priceMinor: number };
type Store = {
  domain: string; currency: string; timeZone: string; pixelKey: string | null; contacts: Contact[]; products: Product[]; collections: string[]; tags: string[];
  firstId: bigint; nextOrderNumber: number;
};

/** One simulated HTTP request. Webhooks go to /webhooks/shopify; other sources add their own path. */
export type SimRequest = { kind: string; path: string; headers: Record<string, string>; body: string };
export type Report = {
  sent: number; accepted: number; rejected: number; ratePerSecond: number; latencyMs: { p50: number; p95: number };
  byKind: Record<string, { sent: number; accepted: number }>;
};

const MAX_IN_FLIGHT = 256;
const sqlOne = <T>(db: Db, query: string, ...params: unknown[]) => db.$client.prepare(query).get(...params) as T | undefined;
const sqlAll = <T>(db: Db, query: string, ...params: unknown[]) => db.$client.prepare(query).all(...params) as T[];

/** What the simulator needs from the demo database (read-only, scoped to the one shop). */
export function loadStore(path: string, domain: string): Store {
  if (!existsSync(path)) throw new Error(`no database at ${path}: start the demo first (npm run demo)`);
  const db = openDatabase(path, { readonly: true });
  try {
    const shop = sqlOne<{ id: number; currency: string; time_zone: string; pixel_key: string | null }>(db,
      `SELECT id, currency, time_zone, pixel_key FROM shops WHERE platform = 'shopify' AND domain = ?`, domain);
    if (!shop) throw new Error(`the database has no Shopify shop ${domain}`);
    const contacts = sqlAll<Record<string, unknown>>(db,
      `SELECT platform_id, email, phone, first_name, last_name, country_code, region_code, city, zip, account_state, created_at FROM contacts
        WHERE shop_id = ? AND platform_id <> '' AND platform_id NOT GLOB '*[^0-9]*' AND deleted_at IS NULL AND redacted_at IS NULL ORDER BY random() LIMIT 2000`, shop.id,
    ).map((r) => ({
      platformId: String(r.platform_id), email: r.email as string | null, phone: r.phone as string | null, firstName: r.first_name as string | null,
      lastName: r.last_name as string | null, countryCode: r.country_code as string | null, regionCode: r.region_code as string | null,
      city: r.city as string | null, zip: r.zip as string | null, accountState: r.account_state as string | null, createdAt: Number(r.created_at),
    }));
    const products = sqlAll<{ platform_id: string; title: string; price_minor: number }>(db,
      `SELECT platform_id, title, price_minor FROM products WHERE shop_id = ? AND price_minor > 0 ORDER BY id`, shop.id,
    ).filter((p) => /^\d+$/.test(p.platform_id)).map((p) => ({ platformId: p.platform_id, title: p.title, priceMinor: p.price_minor }));
    if (contacts.length === 0 || products.length === 0) throw new Error(`shop ${domain} has no customers or no products to simulate with`);
    const collections = sqlAll<{ platform_id: string }>(db, `SELECT platform_id FROM categories WHERE shop_id = ? AND kind = 'collection' AND platform_id IS NOT NULL ORDER BY id`, shop.id)
      .map((r) => r.platform_id);
    const tags = sqlAll<{ name: string }>(db, `SELECT name FROM tags WHERE shop_id = ? ORDER BY id LIMIT 40`, shop.id).map((t) => t.name);
    let maxId = 0n;
    for (const table of ["contacts", "orders", "order_lines", "products"]) {
      const row = sqlOne<{ platform_id: string }>(db, `SELECT platform_id FROM ${table} WHERE shop_id = ? AND platform_id <> '' AND platform_id NOT GLOB '*[^0-9]*'
        ORDER BY length(platform_id) DESC, platform_id DESC LIMIT 1`, shop.id);
      if (row && BigInt(row.platform_id) > maxId) maxId = BigInt(row.platform_id);
    }
    const lastNumber = sqlOne<{ n: number | null }>(db, `SELECT max(CAST(substr(name, 2) AS INTEGER)) AS n FROM orders WHERE shop_id = ? AND name GLOB '#[0-9]*'`, shop.id)?.n ?? 1000;
    // time-based and above everything stored: a later run never reuses an earlier run's ids either
    const timeBased = BigInt(Math.floor(Date.now() / 1000)) * 1_000_000n;
    return { domain, currency: shop.currency, timeZone: shop.time_zone, pixelKey: shop.pixel_key, contacts, products, collections, tags, firstId: maxId >= timeBased ? maxId + 1n : timeBased, nextOrderNumber: lastNumber + 1 };
  } finally {
    db.$client.close();
  }
}

/** The payload builders and the run's own state (customers it created, orders awaiting payment). */
export class Simulation {
  private nextId: bigint;
  private nextOrderNumber: number;
  private readonly created: Contact[] = [];
  private readonly pending: Record<string, unknown>[] = [];
  private readonly random: SeededRandom;

  constructor(private readonly store: Store, seed: number, private readonly secret = DEMO_WEBHOOK_SECRET) {
    this.nextId = store.firstId;
    this.nextOrderNumber = store.nextOrderNumber;
    this.random = new SeededRandom(seed);
  }

  /** Kinds in the order the first requests cycle through them (so even a short run sends each), then by weight. */
  static readonly KINDS: readonly (readonly [string, number])[] = [
    ["customer_create", 14], ["order_create", 26], ["customer_update", 16], ["email_consent", 12],
    ["sms_consent", 6], ["tags_added", 12], ["order_paid", 14], ["pixel_events", 30],
  ];

  next(index: number): SimRequest {
    const kind = index < Simulation.KINDS.length ? Simulation.KINDS[index][0] : this.random.weighted(Simulation.KINDS);
    switch (kind) {
      case "customer_create": return this.customerCreate();
      case "customer_update": return this.customerUpdate();
      case "email_consent": return this.emailConsent();
      case "sms_consent": return this.smsConsent();
      case "tags_added": return this.tagsAdded();
      case "order_paid": return this.orderPaid();
      case "pixel_events": return this.pixelEvents();
      default: return this.orderCreate();
    }
  }

  private id(): bigint {
    return this.nextId++;
  }

  /** Shopify's timestamp form: whole seconds, in the shop's zone with its offset. */
  private time(ms = Date.now()): string {
    return DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone: this.store.timeZone }).toISO({ suppressMilliseconds: true })!;
  }

  private money(minor: number): string {
    const exp = currencyExponent(this.store.currency);
    return exp === 0 ? String(minor) : `${Math.trunc(minor / 10 ** exp)}.${String(minor % 10 ** exp).padStart(exp, "0")}`;
  }

  private moneySet(minor: number) {
    const amount = { amount: this.money(minor), currency_code: this.store.currency };
    return { shop_money: amount, presentment_money: amount };
  }

  private webhook(kind: string, topic: string, payload: unknown): SimRequest {
    const body = stringify(payload)!;
    const now = Date.now();
    return {
      kind,
      path: "/webhooks/shopify",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": createHmac("sha256", this.secret).update(body, "utf8").digest("base64"),
        "X-Shopify-Shop-Domain": this.store.domain,
        "X-Shopify-API-Version": SHOPIFY_API_VERSION,
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date(now).toISOString().replace("Z", "000Z"),
      },
    };
  }

  private someContact(preferCreated = 0.3, where: (c: Contact) => boolean = () => true): Contact {
    const created = this.created.filter(where);
    if (created.length > 0 && this.random.chance(preferCreated)) return this.random.pick(created);
    const existing = this.store.contacts.filter(where);
    return this.random.pick(existing.length > 0 ? existing : this.store.contacts);
  }

  /** A customer as Shopify serialises it since API 2025-01 (no tags, no consent: they have their own topics). */
  private customer(c: Contact, updatedAt = Date.now()) {
    const address = { id: Number(c.platformId) % 1_000_000_000, customer_id: BigInt(c.platformId), first_name: c.firstName, last_name: c.lastName, company: null,
      address1: `${this.random.int(1, 999)} Main Street`, address2: null, city: c.city, province: c.regionCode, country: c.countryCode, zip: c.zip, phone: c.phone,
      name: [c.firstName, c.lastName].filter(Boolean).join(" "), province_code: c.regionCode, country_code: c.countryCode, country_name: c.countryCode, default: true };
    return {
      id: BigInt(c.platformId), created_at: this.time(c.createdAt), updated_at: this.time(updatedAt), first_name: c.firstName, last_name: c.lastName,
      state: c.accountState ?? "disabled", note: null, verified_email: c.email !== null, multipass_identifier: null, tax_exempt: false, email: c.email,
      phone: c.phone, currency: this.store.currency, addresses: [address], tax_exemptions: [], admin_graphql_api_id: `gid://shopify/Customer/${c.platformId}`,
      default_address: address,
    };
  }

  private customerCreate(): SimRequest {
    const like = this.random.pick(this.store.contacts); // a real place from the store's own geography
    const first = this.random.faker.person.firstName();
    const last = this.random.faker.person.lastName();
    const id = this.id();
    const contact: Contact = {
      platformId: String(id), email: `${first}.${last}.${id % 100000n}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
      phone: this.random.chance(0.5) ? `+1${this.random.int(201, 989)}555${String(this.random.int(0, 9999)).padStart(4, "0")}` : null,
      firstName: first, lastName: last, countryCode: like.countryCode, regionCode: like.regionCode, city: like.city, zip: like.zip,
      accountState: this.random.chance(0.3) ? "enabled" : "disabled", createdAt: Date.now(),
    };
    this.created.push(contact);
    return this.webhook("customer_create", "customers/create", this.customer(contact));
  }

  private customerUpdate(): SimRequest {
    const c = this.someContact();
    const change = this.random.weighted([["member", 5], ["moved", 3], ["phone", 2]] as const);
    if (change === "member") c.accountState = "enabled";
    else if (change === "moved") Object.assign(c, { city: this.random.faker.location.city(), zip: this.random.faker.location.zipCode() });
    else c.phone = `+1${this.random.int(201, 989)}555${String(this.random.int(0, 9999)).padStart(4, "0")}`;
    return this.webhook("customer_update", "customers/update", this.customer(c));
  }

  private emailConsent(): SimRequest {
    const c = this.someContact(0.3, (x) => x.email !== null);
    const state = this.random.chance(0.6) ? "subscribed" : "unsubscribed";
    return this.webhook("email_consent", "customers_email_marketing_consent/update", {
      customer_id: BigInt(c.platformId), email_address: c.email,
      email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: this.time() },
    });
  }

  private smsConsent(): SimRequest {
    const c = this.someContact(0.3, (x) => x.phone !== null);
    const state = this.random.chance(0.6) ? "subscribed" : "unsubscribed";
    return this.webhook("sms_consent", "customers_marketing_consent/update", {
      id: BigInt(c.platformId), phone: c.phone,
      sms_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: this.time(), consent_collected_from: "OTHER" },
    });
  }

  private tagsAdded(): SimRequest {
    const c = this.someContact();
    const names = this.store.tags.length > 0 ? this.store.tags : ["vip", "wholesale", "newsletter"];
    const tags = [...new Set([this.random.pick(names), this.random.pick(names)])].slice(0, this.random.int(1, 2));
    return this.webhook("tags_added", "customer.tags_added", { customerId: `gid://shopify/Customer/${c.platformId}`, tags, occurredAt: new Date().toISOString() });
  }

  private orderCreate(): SimRequest {
    const guest = this.random.chance(0.05);
    const c = guest ? null : this.someContact();
    const number = this.nextOrderNumber++;
    const id = this.id();
    let itemsMinor = 0;
    const lines = Array.from({ length: this.random.weighted([[1, 55], [2, 30], [3, 15]] as const) }, () => {
      const product = this.random.pick(this.store.products);
      const quantity = this.random.weighted([[1, 80], [2, 15], [3, 5]] as const);
      const lineId = this.id();
      itemsMinor += product.priceMinor * quantity;
      return {
        id: lineId, admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`, current_quantity: quantity, fulfillable_quantity: quantity,
        fulfillment_service: "manual", fulfillment_status: null, gift_card: false, grams: 250, name: product.title, price: this.money(product.priceMinor),
        price_set: this.moneySet(product.priceMinor), product_exists: true, product_id: BigInt(product.platformId), properties: [], quantity,
        requires_shipping: true, sku: `SKU-${product.platformId}`, taxable: true, title: product.title, total_discount: this.money(0),
        total_discount_set: this.moneySet(0), variant_id: BigInt(`${product.platformId}1`), variant_inventory_management: "shopify", variant_title: null,
        vendor: "Demo Outfitters", tax_lines: [], duties: [], discount_allocations: [],
      };
    });
    const code = this.random.chance(0.15) ? "WELCOME10" : null;
    const discount = code ? Math.round(itemsMinor * 0.1) : 0;
    const subtotal = itemsMinor - discount;
    const shipping = subtotal >= 5000 ? 0 : 599;
    const now = this.time();
    const pending = this.pending.length === 0 || this.random.chance(0.4);
    const order: Record<string, unknown> = {
      id, admin_graphql_api_id: `gid://shopify/Order/${id}`, app_id: 580111, browser_ip: "127.0.0.1", buyer_accepts_marketing: false, cancel_reason: null,
      cancelled_at: null, cart_token: null, checkout_token: null, confirmation_number: randomUUID().slice(0, 9).toUpperCase(), confirmed: true,
      contact_email: c?.email ?? null, created_at: now, currency: this.store.currency, current_subtotal_price: this.money(subtotal),
      current_total_discounts: this.money(discount), current_total_price: this.money(subtotal + shipping), current_total_tax: this.money(0),
      customer_locale: "en", discount_codes: code ? [{ code, amount: this.money(discount), type: "percentage" }] : [], email: c?.email ?? null,
      financial_status: pending ? "pending" : "paid", fulfillment_status: null, name: `#${number}`, note: null, note_attributes: [], number: number - 1000,
      order_number: number, phone: c?.phone ?? null, presentment_currency: this.store.currency, processed_at: now, source_name: "web",
      subtotal_price: this.money(subtotal), subtotal_price_set: this.moneySet(subtotal), tags: "", tax_lines: [], taxes_included: false, test: false,
      total_discounts: this.money(discount), total_line_items_price: this.money(itemsMinor), total_price: this.money(subtotal + shipping),
      total_price_set: this.moneySet(subtotal + shipping), total_shipping_price_set: this.moneySet(shipping), total_tax: this.money(0), updated_at: now,
      customer: c ? { ...this.customer(c), created_at: null, updated_at: null } : null, line_items: lines, refunds: [], fulfillments: [],
      shipping_lines: [{ id: this.id(), code: "Standard", price: this.money(shipping), source: "shopify", title: "Standard", tax_lines: [] }],
    };
    if (pending) this.pending.push(order);
    return this.webhook("order_create", "orders/create", order);
  }

  /**
   * A storefront visit as the web pixel posts it (extensions/segmentflow-pixel): one to three
   * events of a signed-in customer or of an anonymous browser, to /pixel/events with the shop's key.
   */
  private pixelEvents(): SimRequest {
    if (!this.store.pixelKey) return this.customerUpdate();
    const customer = this.random.chance(0.6) ? this.someContact() : null;
    const clientId = customer ? `sim-${customer.platformId}` : `sim-anon-${randomUUID()}`;
    const product = this.random.pick(this.store.products);
    const steps: Record<string, unknown>[] = [{ name: "page_viewed" }];
    if (this.store.collections.length > 0 && this.random.chance(0.5)) steps.push({ name: "collection_viewed", collectionId: `gid://shopify/Collection/${this.random.pick(this.store.collections)}` });
    steps.push({ name: "product_viewed", productId: `gid://shopify/Product/${product.platformId}` });
    if (this.random.chance(0.3)) steps.push({ name: "product_added_to_cart", productId: `gid://shopify/Product/${product.platformId}`, value: product.priceMinor, currency: this.store.currency });
    const count = this.random.int(1, steps.length);
    const events = steps.slice(0, count).map((step) => ({
      id: `sim-${randomUUID()}`, timestamp: new Date().toISOString(), clientId, ...(customer ? { customerId: `gid://shopify/Customer/${customer.platformId}` } : {}), ...step,
    }));
    return { kind: "pixel_events", path: "/pixel/events", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ accountID: this.store.pixelKey, events }) };
  }

  private orderPaid(): SimRequest {
    const order = this.pending.shift();
    if (!order) return this.orderCreate();
    const now = this.time();
    Object.assign(order, { financial_status: "paid", updated_at: now });
    return this.webhook("order_paid", "orders/paid", order);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}

/** Sends `rate × duration` requests on schedule (open loop: a slow answer does not delay the next send). */
export async function simulate({ url, rate, duration, simulation }: { url: string; rate: number; duration: number; simulation: Simulation }): Promise<Report> {
  const total = Math.max(0, Math.round(rate * duration));
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let accepted = 0;
  const byKind: Report["byKind"] = {};
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let lastSent = started;
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const request = simulation.next(i);
    const sentAt = (lastSent = performance.now());
    const tally = (byKind[request.kind] ??= { sent: 0, accepted: 0 });
    tally.sent++;
    const done: Promise<void> = fetch(new URL(request.path, url), { method: "POST", headers: request.headers, body: request.body })
      .then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - sentAt);
        if (response.status === 200) {
          accepted++;
          tally.accepted++;
        }
        else failures.set(`${request.kind}: HTTP ${response.status}`, (failures.get(`${request.kind}: HTTP ${response.status}`) ?? 0) + 1);
      })
      .catch((error: unknown) => {
        const key = `${request.kind}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  for (const [reason, count] of failures) console.error(`rejected ${count}× ${reason}`);
  latencies.sort((a, b) => a - b);
  const window = total === 0 ? 0 : (lastSent - started) / 1000 + 1 / rate;
  return {
    sent: total,
    accepted,
    rejected: total - accepted,
    ratePerSecond: window > 0 ? Math.round((total / window) * 10) / 10 : 0,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    byKind,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: "string", default: "50" }, duration: { type: "string", default: "20" }, url: { type: "string", default: "http://localhost:3000" },
      db: { type: "string" }, shop: { type: "string", default: DEMO_SHOP.domain }, seed: { type: "string" },
    },
  });
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  if (!(rate > 0 && rate <= 5000) || !(duration > 0 && duration <= 3600)) throw new Error("--rate must be in (0, 5000] and --duration in (0, 3600] seconds");
  const store = loadStore(values.db ?? process.env.DATABASE_PATH ?? DEFAULT_DEMO_DATABASE_PATH, values.shop!);
  const simulation = new Simulation(store, values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed));
  console.log(JSON.stringify(await simulate({ url: values.url!, rate, duration, simulation })));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
