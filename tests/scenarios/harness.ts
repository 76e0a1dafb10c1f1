import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES, membershipCauseName, type EventTypeName, type MembershipCauseName } from "../../db/enums";
import { contacts, events, orderLines, orders, products, segments, shops } from "../../db/schema";
import { recomputeOrderStats } from "../../app/contacts/order-stats.server";
import { computeSegment } from "../../app/membership/compute.server";
import { onContactChanged } from "../../app/membership/incremental.server";
import { runTimeTick, type TickReport } from "../../app/membership/tick.server";
import { createSegment } from "../../app/models/segments.server";
import type { ContactChange } from "../../app/segments/dependencies";
import type { ContactField } from "../../app/segments/conditions/spec";
import { createTestDb } from "../helpers/test-db";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A timeline for membership scenarios: one shop with its clock, contacts by name, data changes
 * written the way sync will write them (row, then the engine's entry point), ticks of the scheduler.
 */
export class Timeline {
  readonly db: Db = createTestDb();
  readonly shopId: number;
  now: number;
  private readonly names = new Map<string, number>();
  private readonly productIds = new Map<string, number>();
  private orderSeq = 0;

  constructor({ start, timeZone = "America/New_York" }: { start: string; timeZone?: string }) {
    this.now = Date.parse(start);
    this.shopId = this.db.insert(shops).values({ platform: "shopify", domain: "scenario.myshopify.com", timeZone, createdAt: 0, updatedAt: 0 }).returning().get().id;
    this.db.run(sql`UPDATE shops SET segments_ticked_at = ${this.now} WHERE id = ${this.shopId}`);
  }

  advance({ days = 0, hours = 0, minutes = 0 }: { days?: number; hours?: number; minutes?: number }): this {
    this.now += days * DAY + hours * HOUR + minutes * 60_000;
    return this;
  }

  product(title: string): number {
    let id = this.productIds.get(title);
    if (id === undefined) {
      id = this.db.insert(products).values({ shopId: this.shopId, platformId: `p-${title}`, title, createdAt: 0, updatedAt: 0 }).returning().get().id;
      this.productIds.set(title, id);
    }
    return id;
  }

  contact(name: string, fields: Partial<typeof contacts.$inferInsert> = {}): number {
    const id = this.db.insert(contacts).values({ shopId: this.shopId, firstName: name, email: `${name.toLowerCase()}@example.com`, createdAt: this.now, updatedAt: this.now, ...fields }).returning().get().id;
    this.names.set(name, id);
    return id;
  }

  id(name: string): number {
    const id = this.names.get(name);
    if (id === undefined) throw new Error(`no contact ${name}`);
    return id;
  }

  /** A segment, created and computed in full at the current time. */
  async segment(name: string, root: unknown): Promise<number> {
    const result = createSegment(this.db, { shopId: this.shopId, name, definition: { version: 1, root }, now: this.now });
    if (!result.ok) throw new Error(`invalid segment ${name}: ${JSON.stringify(result.issues)}`);
    await this.compute(result.segment.id);
    return result.segment.id;
  }

  compute(segmentId: number) {
    return computeSegment(this.db, { segmentId, clock: () => this.now });
  }

  changed(name: string, change: ContactChange, cause: MembershipCauseName = "event", detail?: string) {
    return onContactChanged(this.db, { shopId: this.shopId, contactIds: [this.id(name)], change, now: this.now, cause, causeDetail: detail });
  }

  /** A profile/consent update: the row first, then the engine. */
  update(name: string, fields: Partial<typeof contacts.$inferInsert>, cause: MembershipCauseName = "event") {
    this.db.update(contacts).set(fields).where(eq(contacts.id, this.id(name))).run();
    const columns = Object.keys(fields).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) as ContactField[];
    return this.changed(name, { fields: columns }, cause, "profile updated");
  }

  /** An event that happened `ago` before now (default: now). */
  event(name: string, type: EventTypeName, { subject, ago = 0 }: { subject?: number; ago?: number } = {}) {
    this.db.insert(events).values({ shopId: this.shopId, contactId: this.id(name), type: EVENT_TYPES[type], subjectId: subject ?? null, occurredAt: this.now - ago, source: EVENT_SOURCES.pixel }).run();
    return this.changed(name, { events: [{ type: EVENT_TYPES[type], subjectId: subject ?? null }] }, "event", type);
  }

  /** An order (written once per platform id, as sync does), then the aggregates, then the engine. */
  order(name: string, { total = 10_000, products: items = [], ago = 0, platformId }: { total?: number; products?: string[]; ago?: number; platformId?: string } = {}) {
    const contactId = this.id(name);
    const inserted = this.db
      .insert(orders)
      .values({ shopId: this.shopId, contactId, platformId: platformId ?? `o-${++this.orderSeq}`, currency: "USD", totalMinor: total, placedAt: this.now - ago, createdAt: this.now, updatedAt: this.now })
      .onConflictDoNothing()
      .returning()
      .get();
    if (inserted) {
      for (const title of items) {
        this.db.insert(orderLines).values({ shopId: this.shopId, orderId: inserted.id, contactId, productId: this.product(title), quantity: 1, priceMinor: total, totalMinor: total }).run();
      }
    }
    recomputeOrderStats(this.db, { shopId: this.shopId, contactIds: [contactId] });
    return this.changed(name, { orders: true }, "event", "orders/create");
  }

  cancelOrder(name: string, platformId: string) {
    this.db.run(sql`UPDATE orders SET cancelled_at = ${this.now} WHERE shop_id = ${this.shopId} AND platform_id = ${platformId}`);
    recomputeOrderStats(this.db, { shopId: this.shopId, contactIds: [this.id(name)] });
    return this.changed(name, { orders: true }, "event", "orders/cancelled");
  }

  tick(): TickReport {
    return runTimeTick(this.db, { shopId: this.shopId, now: this.now });
  }

  members(segmentId: number): string[] {
    const ids = new Set(this.db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ?`).pluck().all(segmentId) as number[]);
    return [...this.names].filter(([, id]) => ids.has(id)).map(([name]) => name).sort();
  }

  /** The change log of a segment as [name, "entered" | "left", cause]. */
  changes(segmentId: number): [string, "entered" | "left", string][] {
    const byId = new Map([...this.names].map(([name, id]) => [id, name]));
    const rows = this.db.$client.prepare(`SELECT contact_id, kind, cause FROM membership_changes WHERE segment_id = ? ORDER BY id`).all(segmentId) as { contact_id: number; kind: number; cause: number }[];
    return rows.map((r) => [byId.get(r.contact_id) ?? `#${r.contact_id}`, r.kind === 1 ? "entered" : "left", membershipCauseName(r.cause) ?? String(r.cause)]);
  }

  segmentRow(segmentId: number) {
    return this.db.select().from(segments).where(eq(segments.id, segmentId)).get()!;
  }
}

export const days = (n: number) => n * DAY;
export const hours = (n: number) => n * HOUR;
