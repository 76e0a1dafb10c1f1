import { integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts";
import { automationRuns, campaigns, messageSends } from "./messaging";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

/**
 * A campaign's audience, frozen in one statement when it starts sending: include segments minus
 * exclude segments, consent-filtered, with the include segments each contact was in
 * (`qualified_by`, JSON ids). Messages are then enqueued from it in batches. WITHOUT ROWID.
 */
export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    shopId: shopRef(),
    qualifiedBy: text("qualified_by").notNull(),
  },
  (t) => [primaryKey({ name: "campaign_recipients_pk", columns: [t.campaignId, t.contactId] })],
);

export type RunLogStatus = "queued" | "skipped" | "waiting" | "pending" | "fired" | "skipped_demo" | "failed" | "exited";

/**
 * What each step of an automation run did: the message it queued, the wait, the Flow trigger
 * (fired, or skipped in demo mode), or why the run exited. One row per (run, step).
 */
export const automationRunLog = sqliteTable(
  "automation_run_log",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    runId: integer("run_id")
      .notNull()
      .references(() => automationRuns.id, { onDelete: "cascade" }),
    stepIndex: integer("step_index").notNull(),
    /** The step's type (`send_email`, `send_sms`, `wait`, `flow_trigger`) or `exit`. */
    kind: text("kind").notNull(),
    status: text("status").$type<RunLogStatus>().notNull(),
    detail: text("detail"),
    sendId: integer("send_id").references(() => messageSends.id, { onDelete: "set null" }),
    at: integer("at").notNull(),
  },
  (t) => [uniqueIndex("automation_run_log_step_key").on(t.runId, t.stepIndex)],
);
