import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { SendStatus } from "../../db/schema";
import { enqueueJob } from "../jobs/queue.server";
import { checkTemplate, type MessageTemplate } from "./render.server";

/**
 * The API for senders (campaigns, automations): one call per (source, contact). The message row in
 * `message_sends` is the outbox entry, unique per (shop, idempotency key), so enqueueing the same
 * message twice — a campaign job retried, an automation step processed twice — creates it once.
 * Everything that decides whether and when it goes out (consent, address validity, quota, quiet
 * hours) happens later, at send time, in the `messages.send` job (deliver.server.ts).
 */

export const SEND_MESSAGE_JOB = "messages.send";

/**
 * What a message belongs to. For an automation step, `id` is the automation run and `stepIndex` the
 * step. `opt_in_confirmation` is the double opt-in email of a popup signup (`popup_signups.id`):
 * the one message sent while consent is `pending`, never marketing (purpose `opt_in`).
 */
export type MessageSource =
  | { kind: "campaign"; id: number }
  | { kind: "automation_step"; id: number; stepIndex: number }
  | { kind: "opt_in_confirmation"; id: number };

export type EnqueueMessageInput = {
  shopId: number;
  contactId: number;
  channel: Channel;
  source: MessageSource;
  /** Use `messageIdempotencyKey(source, contactId)`; 1–200 characters of `A-Z a-z 0-9 : . _ / -`. */
  idempotencyKey: string;
  /** A stored template (`message_templates`, same shop and channel) … */
  templateId?: number;
  /** … or an inline one (email: subject + HTML body; SMS: body). Exactly one of the two. */
  template?: MessageTemplate;
  /** The coupon `{{ coupon_code }}` / `{{ coupon_url }}` render; a message that shows it records `coupon_received`. */
  couponId?: number | null;
  /** Why the contact is in the audience (segment ids), frozen with the message. */
  qualifiedBy?: number[] | null;
  /** Send no earlier than this (scheduled campaigns); default `now`. */
  sendAt?: number;
  now: number;
};

export type EnqueueMessageResult = { created: boolean; sendId: number; status: SendStatus };

/** A caller error (a row of another shop, a broken template): nothing was written. */
export class MessageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MessageInputError";
  }
}

/**
 * The idempotency key of a message, the same however often it is computed (README, Decisions):
 * `campaign:<id>:contact:<id>` or `automation-run:<id>:step:<n>:contact:<id>`. Ids are the app's
 * surrogate keys, unique across shops, so a provider shared by several shops never sees a clash.
 */
export function messageIdempotencyKey(source: MessageSource, contactId: number): string {
  switch (source.kind) {
    case "campaign":
      return `campaign:${source.id}:contact:${contactId}`;
    case "automation_step":
      return `automation-run:${source.id}:step:${source.stepIndex}:contact:${contactId}`;
    case "opt_in_confirmation":
      return `opt-in:${source.id}:contact:${contactId}`;
  }
}

/** The popup signup an opt-in confirmation's key names (`opt-in:<signup>:contact:<contact>`). */
export function optInSignupId(idempotencyKey: string): number {
  return Number(/^opt-in:(\d+):/.exec(idempotencyKey)?.[1] ?? 0);
}

const KEY_PATTERN = /^[A-Za-z0-9:._/-]{1,200}$/;

function belongs(db: Db, table: "contacts" | "campaigns" | "automation_runs" | "coupons" | "popup_signups", id: number, shopId: number): boolean {
  return db.$client.prepare(`SELECT 1 FROM ${table} WHERE id = ? AND shop_id = ?`).get(id, shopId) !== undefined;
}

function validate(db: Db, input: EnqueueMessageInput): void {
  const { shopId } = input;
  if (!KEY_PATTERN.test(input.idempotencyKey)) throw new MessageInputError(`Invalid idempotency key ${JSON.stringify(input.idempotencyKey)}`);
  if ((input.templateId === undefined) === (input.template === undefined)) throw new MessageInputError("Give exactly one of templateId and template");
  if (!belongs(db, "contacts", input.contactId, shopId)) throw new MessageInputError(`Contact ${input.contactId} is not in shop ${shopId}`);
  const sourceTable = ({ campaign: "campaigns", automation_step: "automation_runs", opt_in_confirmation: "popup_signups" } as const)[input.source.kind];
  if (!belongs(db, sourceTable, input.source.id, shopId)) throw new MessageInputError(`${input.source.kind} ${input.source.id} is not in shop ${shopId}`);
  if (input.source.kind === "opt_in_confirmation" && input.channel !== "email") throw new MessageInputError("Opt-in confirmations are emails");
  if (input.couponId != null && !belongs(db, "coupons", input.couponId, shopId)) throw new MessageInputError(`Coupon ${input.couponId} is not in shop ${shopId}`);
  if (input.templateId !== undefined) {
    const channel = db.$client.prepare(`SELECT channel FROM message_templates WHERE id = ? AND shop_id = ?`).pluck().get(input.templateId, shopId);
    if (channel !== input.channel) throw new MessageInputError(`Template ${input.templateId} is not a ${input.channel} template of shop ${shopId}`);
  } else {
    const problem = checkTemplate(input.channel, input.template!);
    if (problem) throw new MessageInputError(problem);
  }
}

type Row = { id: number; status: SendStatus };

/**
 * Creates the message once per idempotency key, with its `messages.send` job, in one transaction.
 * Returns whether it was new; a repeated call returns the existing message and changes nothing.
 */
export function enqueueMessage(db: Db, input: EnqueueMessageInput): EnqueueMessageResult {
  validate(db, input);
  const sqlite = db.$client;
  const runAfter = Math.max(input.now, input.sendAt ?? input.now);
  const write = sqlite.transaction((): EnqueueMessageResult => {
    const created = sqlite
      .prepare(
        `INSERT INTO message_sends (shop_id, contact_id, channel, campaign_id, automation_run_id, step_index, idempotency_key, purpose, status,
           qualified_by, template_id, template, coupon_id, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (shop_id, idempotency_key) DO NOTHING RETURNING id, status`,
      )
      .get(
        input.shopId,
        input.contactId,
        input.channel,
        input.source.kind === "campaign" ? input.source.id : null,
        input.source.kind === "automation_step" ? input.source.id : null,
        input.source.kind === "automation_step" ? input.source.stepIndex : null,
        input.idempotencyKey,
        input.source.kind === "opt_in_confirmation" ? "opt_in" : "marketing",
        input.qualifiedBy ? JSON.stringify(input.qualifiedBy) : null,
        input.templateId ?? null,
        input.template ? JSON.stringify({ subject: input.template.subject ?? null, body: input.template.body }) : null,
        input.couponId ?? null,
        runAfter,
        input.now,
      ) as Row | undefined;
    if (created) {
      enqueueSendJob(db, { shopId: input.shopId, sendId: created.id, slot: "first", runAfter, now: input.now });
      return { created: true, sendId: created.id, status: created.status };
    }
    const existing = sqlite.prepare(`SELECT id, status FROM message_sends WHERE shop_id = ? AND idempotency_key = ?`).get(input.shopId, input.idempotencyKey) as Row;
    return { created: false, sendId: existing.id, status: existing.status };
  });
  return sqlite.inTransaction ? write() : write.immediate();
}

/**
 * The job that moves a message one step (send, or re-check after a deferral, or retry). `slot`
 * names the step, so the job of a step is enqueued once however often that step is reached.
 */
export function enqueueSendJob(db: Db, { shopId, sendId, slot, runAfter, now }: { shopId: number; sendId: number; slot: string; runAfter: number; now: number }): void {
  enqueueJob(db, { type: SEND_MESSAGE_JOB, shopId, payload: { shopId, sendId }, uniqueKey: `${SEND_MESSAGE_JOB}:${sendId}:${slot}`, runAfter, maxAttempts: 10 }, now);
}
