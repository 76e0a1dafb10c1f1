import { eq } from "drizzle-orm";
import { createAutomation, type AutomationInput } from "../../../app/automations/automations.server";
import { enrolJob, enrolSweepJob, createFlowTriggerJob, runStepJob, triggerAllJob } from "../../../app/jobs/automation-jobs.server";
import { CAMPAIGN_JOBS } from "../../../app/jobs/campaign-jobs.server";
import { MESSAGING_JOBS } from "../../../app/jobs/messaging-jobs.server";
import { JobRunner } from "../../../app/jobs/runner.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { onContactChanged } from "../../../app/membership/incremental.server";
import { configureMessaging, resetMessagingConfig } from "../../../app/messaging/config.server";
import { saveSendHook } from "../../../app/messaging/send-hooks.server";
import { createSegment } from "../../../app/models/segments.server";
import type { AdminApi } from "../../../app/platforms/shopify/admin-api.server";
import type { ContactField } from "../../../app/segments/conditions/spec";
import type { Db } from "../../../db/client.server";
import { contacts } from "../../../db/schema";
import { createContact, createShop } from "../../factories/store";
import { ProviderReceiver, type Responder } from "../../helpers/provider-receiver";
import { createTestDb } from "../../helpers/test-db";

/**
 * A shop whose segments, campaigns and automations act: real SQLite, the whole job chain
 * (enrolment → run steps → messages → delivery) on a runner whose clock the test moves, and a
 * provider on loopback as both channels' send hook. The Flow trigger's Admin API is null (demo
 * mode) unless the test gives one.
 */

export const HOOK_SECRET = "whsec_actions_test";
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Members are contacts whose country is FR: the test moves them in and out by changing it. */
export const IN_FRANCE = { type: "country", match: { operator: "is", value: "FR" } };

let phoneSeq = 2000;

export type ActionStore = Awaited<ReturnType<typeof createActionStore>>;

export async function createActionStore({
  start = Date.parse("2026-11-28T15:00:00Z"),
  respond,
  adminApi = async () => null,
  emailQuota = 10_000,
  smsBalance = 1_000,
}: { start?: number; respond?: Responder; adminApi?: (db: Db, shopId: number) => Promise<AdminApi | null>; emailQuota?: number; smsBalance?: number } = {}) {
  const db = createTestDb();
  const clock = { now: start };
  const shop = createShop(db, { name: "Action Outfitters", timeZone: "UTC", emailQuotaLimit: emailQuota, smsBalance, createdAt: start, updatedAt: start });
  configureMessaging({ baseUrl: "https://app.segmentflow.test", builtinOutbox: false, timeoutMs: 2_000 });
  const receiver = await ProviderReceiver.start({ secret: HOOK_SECRET, respond });
  for (const channel of ["email", "sms"] as const) saveSendHook(db, { shopId: shop.id, channel, url: receiver.url, secret: HOOK_SECRET, now: start });
  const definitions = [...MESSAGING_JOBS, ...CAMPAIGN_JOBS, enrolJob, enrolSweepJob, runStepJob, createFlowTriggerJob(adminApi), triggerAllJob];
  const runner = new JobRunner({ db, definitions, now: () => clock.now, owner: "test-runner" });
  const sqlite = db.$client;

  const store = {
    db,
    shop,
    clock,
    receiver,
    runner,
    /** A contact reachable by email and SMS unless overridden; not in France unless `countryCode: "FR"`. */
    contact(overrides: Partial<typeof contacts.$inferInsert> = {}) {
      return createContact(db, shop.id, {
        emailConsent: "subscribed",
        smsConsent: "subscribed",
        emailValidity: "valid",
        phone: `+1415556${phoneSeq++}`,
        countryCode: "US",
        ...overrides,
      });
    },
    /** Changes a contact's data and tells the engine, as a webhook would. */
    update(contactId: number, fields: Partial<typeof contacts.$inferInsert>) {
      db.update(contacts).set(fields).where(eq(contacts.id, contactId)).run();
      const columns = Object.keys(fields).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) as ContactField[];
      onContactChanged(db, { shopId: shop.id, contactIds: [contactId], change: { fields: columns }, now: clock.now, cause: "event", causeDetail: "customers/update" });
    },
    moveTo(contactId: number, countryCode: string) {
      store.update(contactId, { countryCode });
    },
    /** A segment of one condition, computed now. */
    async segment(name: string, condition: Record<string, unknown> = IN_FRANCE) {
      const created = createSegment(db, { shopId: shop.id, name, now: clock.now, definition: { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", ...condition }] } } });
      if (!created.ok) throw new Error(JSON.stringify(created.issues));
      await computeSegment(db, { segmentId: created.segment.id, clock: () => clock.now });
      return created.segment.id;
    },
    automation(input: Partial<AutomationInput> & Pick<AutomationInput, "segmentId">) {
      const result = createAutomation(db, {
        shopId: shop.id,
        now: clock.now,
        input: { name: "Welcome", trigger: "entered", status: "active", reentry: "every_time", steps: [{ type: "send_email", subject: "Welcome, {{ first_name }}", body: "<p>Hello!</p>" }], ...input },
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.automation;
    },
    advance(ms: number) {
      clock.now += ms;
    },
    async drain() {
      return runner.drain();
    },
    runs(automationId: number) {
      return sqlite.prepare(`SELECT id, contact_id AS contactId, membership_change_id AS changeId, status, exit_reason AS exitReason, step_index AS stepIndex FROM automation_runs WHERE automation_id = ? ORDER BY id`).all(automationId) as {
        id: number;
        contactId: number;
        changeId: number | null;
        status: string;
        exitReason: string | null;
        stepIndex: number;
      }[];
    },
    log(runId: number) {
      return sqlite.prepare(`SELECT step_index AS stepIndex, kind, status, detail FROM automation_run_log WHERE run_id = ? ORDER BY step_index`).all(runId) as { stepIndex: number; kind: string; status: string; detail: string | null }[];
    },
    /** Messages the provider accepted, as `channel:contact_id`. */
    delivered(): string[] {
      return [...receiver.accepted.values()].map((p) => `${p.channel}:${p.contact_id}`).sort();
    },
    members(segmentId: number): number[] {
      return sqlite.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY contact_id`).pluck().all(segmentId) as number[];
    },
    async close() {
      await runner.stop();
      await receiver.close();
      sqlite.close();
      resetMessagingConfig();
    },
  };
  return store;
}
