import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.server";
import { shops } from "../../../db/schema";
import { processInbox, type InboxReport } from "../../../webhooks/process.server";
import { storeDelivery } from "../../../webhooks/inbox";
import { HANDLERS } from "../../../webhooks/registry";
import { createTestDb } from "../../helpers/test-db";
import { readWebhookFixture } from "../../helpers/webhooks";

/** A shop receiving Shopify deliveries into its inbox, processed the way the server does. */
export class SyncedShop {
  readonly db: Db = createTestDb();
  readonly shopId: number;
  now = Date.parse("2026-11-28T12:00:00Z");
  private seq = 0;

  constructor(domain = "sync-test.myshopify.com") {
    this.shopId = this.db.insert(shops).values({ platform: "shopify", domain, timeZone: "America/New_York", createdAt: 0, updatedAt: 0 }).returning().get().id;
  }

  /** Stores a delivery as intake does (returns false for a duplicate), without processing it. */
  receive(topic: string, body: string, { triggeredAt = this.now, webhookId, eventId }: { triggeredAt?: number | null; webhookId?: string; eventId?: string } = {}): boolean {
    this.seq++;
    return storeDelivery(this.db, {
      shopId: this.shopId, platform: "shopify", topic, webhookId: webhookId ?? `wh-${this.seq}`, eventId: eventId ?? null,
      triggeredAt, apiVersion: "2026-10", body, receivedAt: this.now,
    }).stored;
  }

  process(): InboxReport {
    return processInbox(this.db, { now: this.now, handlers: HANDLERS });
  }

  /** Receives and processes at once. */
  deliver(topic: string, body: string, options: Parameters<SyncedShop["receive"]>[2] = {}): InboxReport {
    this.receive(topic, body, options);
    return this.process();
  }

  fixture(name: string): string {
    return readWebhookFixture(`shopify/${name}.json`);
  }

  one<T>(query: string, ...params: unknown[]): T {
    return this.db.$client.prepare(query).get(...params) as T;
  }

  all<T>(query: string, ...params: unknown[]): T[] {
    return this.db.$client.prepare(query).all(...params) as T[];
  }

  inbox(): { topic: string; status: string; last_error: string | null }[] {
    return this.db.all(sql`SELECT topic, status, last_error FROM webhook_inbox ORDER BY id`);
  }
}

/** A fixture body with some JSON values replaced textually (so 18-digit ids stay exact). */
export function edit(body: string, replacements: [string, string][]): string {
  let text = body;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`fixture does not contain ${from}`);
    text = text.split(from).join(to);
  }
  return text;
}
