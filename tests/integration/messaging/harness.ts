import { join } from "node:path";
import { MESSAGING_JOBS } from "../../../app/jobs/messaging-jobs.server";
import { JobRunner } from "../../../app/jobs/runner.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { configureMessaging, resetMessagingConfig } from "../../../app/messaging/config.server";
import { enqueueMessage, messageIdempotencyKey, type EnqueueMessageResult } from "../../../app/messaging/enqueue.server";
import type { MessageTemplate } from "../../../app/messaging/render.server";
import { saveSendHook } from "../../../app/messaging/send-hooks.server";
import { createSegment } from "../../../app/models/segments.server";
import { migrateDatabase, openDatabase, type Db } from "../../../db/client.server";
import type { Channel } from "../../../db/enums";
import { campaigns, contacts } from "../../../db/schema";
import { createContact, createShop } from "../../factories/store";
import { ProviderReceiver, type Responder } from "../../helpers/provider-receiver";
import { createTempDir } from "../../helpers/test-db";

/**
 * A shop on a real SQLite file, its contacts and campaigns, a provider on loopback as the send hook
 * of both channels, and the job runner on a clock the test moves. Messages go out only when the
 * test drains the runner.
 */

export const APP_URL = "https://app.segmentflow.test";
export const HOOK_SECRET = "whsec_test_provider_secret";
export const EMAIL_TEMPLATE: MessageTemplate = {
  subject: "Hi {{ first_name }}, a gift from {{ shop_name }}",
  body: '<p>Hello {{ first_name | default: "there" }}!</p><p><a href="https://shop.test/collections/new">See what is new</a></p>',
};
export const SMS_TEMPLATE: MessageTemplate = { body: "{{ shop_name }}: new arrivals https://shop.test/new" };

let phoneSeq = 1000;

export type Store = Awaited<ReturnType<typeof createMessagingStore>>;

export async function createMessagingStore({ respond, start = Date.parse("2026-11-28T15:00:00Z"), timeoutMs = 2_000 }: { respond?: Responder; start?: number; timeoutMs?: number } = {}) {
  const tmp = createTempDir("segmentflow-messaging-");
  const path = join(tmp.dir, "store.sqlite");
  const db = openDatabase(path);
  migrateDatabase(db);
  const clock = { now: start };
  const shop = createShop(db, { name: "Test Outfitters", timeZone: "America/New_York", emailQuotaLimit: 10_000, smsBalance: 1_000, createdAt: start, updatedAt: start });
  configureMessaging({ baseUrl: APP_URL, builtinOutbox: false, timeoutMs });
  const receiver = await ProviderReceiver.start({ secret: HOOK_SECRET, respond });
  for (const channel of ["email", "sms"] as const) saveSendHook(db, { shopId: shop.id, channel, url: receiver.url, secret: HOOK_SECRET, now: start });
  const runner = new JobRunner({ db, definitions: MESSAGING_JOBS, now: () => clock.now, owner: "test-runner" });

  const store = {
    db,
    path,
    shop,
    clock,
    receiver,
    runner,
    /** A contact who can get both email and SMS marketing (override to take that away). */
    contact(overrides: Partial<typeof contacts.$inferInsert> = {}) {
      return createContact(db, shop.id, {
        emailConsent: "subscribed",
        smsConsent: "subscribed",
        emailValidity: "valid",
        phone: `+1415555${phoneSeq++}`,
        countryCode: "US",
        ...overrides,
      });
    },
    campaign(channel: Channel = "email", name = "Campaign") {
      return db.insert(campaigns).values({ shopId: shop.id, name, channel, status: "sending", createdAt: clock.now, updatedAt: clock.now }).returning().get();
    },
    /** Enqueues one campaign message the way the campaign sender will. */
    enqueue(contactId: number, campaignId: number, channel: Channel = "email", extra: { template?: MessageTemplate; couponId?: number } = {}): EnqueueMessageResult {
      const source = { kind: "campaign" as const, id: campaignId };
      return enqueueMessage(db, {
        shopId: shop.id,
        contactId,
        channel,
        source,
        idempotencyKey: messageIdempotencyKey(source, contactId),
        template: extra.template ?? (channel === "email" ? EMAIL_TEMPLATE : SMS_TEMPLATE),
        couponId: extra.couponId ?? null,
        now: clock.now,
      });
    },
    async drain() {
      return runner.drain();
    },
    advance(ms: number) {
      clock.now += ms;
    },
    send(sendId: number) {
      return db.$client.prepare(`SELECT * FROM message_sends WHERE id = ?`).get(sendId) as Record<string, unknown> & { status: string; skip_reason: string | null; attempts: number; body: string | null; links: string | null; idempotency_key: string };
    },
    contactRow(contactId: number) {
      return db.$client.prepare(`SELECT * FROM contacts WHERE id = ?`).get(contactId) as Record<string, unknown>;
    },
    events(contactId: number, type: number) {
      return db.$client.prepare(`SELECT subject_id, detail_id FROM events WHERE contact_id = ? AND type = ?`).all(contactId, type) as { subject_id: number | null; detail_id: number | null }[];
    },
    /** Creates a segment and computes its members now. */
    async segment(name: string, condition: Record<string, unknown>) {
      const created = createSegment(db, { shopId: shop.id, name, now: clock.now, definition: { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", ...condition }] } } });
      if (!created.ok) throw new Error(JSON.stringify(created.issues));
      await computeSegment(db, { segmentId: created.segment.id, clock: () => clock.now });
      return created.segment.id;
    },
    members(segmentId: number): number[] {
      return db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY contact_id`).pluck().all(segmentId) as number[];
    },
    async close() {
      await runner.stop();
      await receiver.close();
      db.$client.close();
      resetMessagingConfig();
      tmp.cleanup();
    },
  };
  return store;
}
