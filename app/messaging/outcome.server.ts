import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { loadSend } from "./claim.server";
import { enqueueSendJob } from "./enqueue.server";
import { recordMessageEvents, type MessageEvent } from "./message-events.server";
import { MAX_SEND_ATTEMPTS, retryDelayMs, type AttemptOutcome } from "./retry";

export type RecordedOutcome = "sent" | "retry" | "dead" | "stale";

/**
 * Records the result of one attempt (one IMMEDIATE transaction): the delivery log row, then
 * `sent` (with the `*_sent` and `coupon_received` events, fed to the engine), a retry (a new job
 * row with `run_after` — the durable schedule), or the dead letter after a refusal or the last attempt.
 */
export function recordAttempt(
  db: Db,
  { shopId, sendId, attempt, attemptId, outcome, durationMs, now, jitter }: {
    shopId: number;
    sendId: number;
    attempt: number;
    attemptId: number;
    outcome: AttemptOutcome;
    durationMs: number;
    now: number;
    jitter: number;
  },
): RecordedOutcome {
  const sqlite = db.$client;
  return sqlite
    .transaction((): RecordedOutcome => {
      const error = outcome.kind === "delivered" ? null : outcome.error;
      sqlite.prepare(`UPDATE send_attempts SET http_status = ?, error = ?, duration_ms = ? WHERE id = ? AND shop_id = ?`).run(outcome.status, error, durationMs, attemptId, shopId);
      const send = loadSend(db, shopId, sendId);
      // the message moved on meanwhile (a later attempt already answered): the log row is all there is to keep
      if (!send || send.status !== "sending" || send.attempts !== attempt) return "stale";

      if (outcome.kind === "delivered") {
        sqlite
          .prepare(`UPDATE message_sends SET status = 'sent', sent_at = ?, provider_message_id = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?`)
          .run(now, outcome.providerMessageId, sendId);
        if (send.contact_id !== null) {
          const events: MessageEvent[] = [{ type: send.channel === "email" ? "email_sent" : "sms_sent", subjectId: send.campaign_id }];
          const coupon = send.coupon_id === null ? null : (sqlite.prepare(`SELECT code FROM coupons WHERE id = ? AND shop_id = ?`).pluck().get(send.coupon_id, shopId) as string | undefined);
          if (coupon && (send.body ?? "").includes(coupon)) events.push({ type: "coupon_received", subjectId: send.coupon_id, detailId: send.campaign_id });
          recordMessageEvents(db, { shopId, contactId: send.contact_id, events, now, causeDetail: `message ${send.idempotency_key}` });
        }
        return "sent";
      }
      if (outcome.kind === "retryable" && attempt < MAX_SEND_ATTEMPTS) {
        const at = now + retryDelayMs(attempt, { jitter, retryAfterMs: outcome.retryAfterMs });
        sqlite.prepare(`UPDATE message_sends SET next_attempt_at = ?, last_error = ? WHERE id = ?`).run(at, outcome.error, sendId);
        enqueueSendJob(db, { shopId, sendId, slot: `retry:${attempt + 1}`, runAfter: at, now });
        return "retry";
      }
      const reason = outcome.kind === "rejected" ? `Refused by the provider: ${outcome.error}` : `Gave up after ${attempt} attempts: ${outcome.error}`;
      sqlite.prepare(`UPDATE message_sends SET status = 'dead', last_error = ?, next_attempt_at = NULL WHERE id = ?`).run(reason, sendId);
      logger.warn({ shopId, sendId, attempt, error: outcome.error }, "message dead-lettered");
      return "dead";
    })
    .immediate();
}
