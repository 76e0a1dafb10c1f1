import type { Db } from "../../db/client.server";
import { prepareAttempt } from "./claim.server";
import type { MessagingConfig } from "./config.server";
import { postToHook } from "./hook-client.server";
import { recordAttempt, type RecordedOutcome } from "./outcome.server";

export type SendStepResult = { result: "nothing"; why: string } | { result: RecordedOutcome; attempt: number; status: number | null };

/**
 * One step of a message's life, as the `messages.send` job runs it:
 *   1. decide and claim (transaction), 2. POST to the send hook (no transaction open),
 *   3. record the result (transaction).
 * A crash between 1 and 3 leaves the message `sending` with an open attempt; the job runs again
 * once its lease expires and resends the same body with the same idempotency key, which the
 * provider deduplicates — never a second key, so never a second message.
 */
export async function runSendStep(
  db: Db,
  { shopId, sendId, config, now, jitter = Math.random }: { shopId: number; sendId: number; config: MessagingConfig; now: () => number; jitter?: () => number },
): Promise<SendStepResult> {
  const prepared = prepareAttempt(db, { shopId, sendId, config, now: now() });
  if (prepared.kind === "nothing") return { result: "nothing", why: prepared.why };
  const response = await postToHook({
    url: prepared.hook.url,
    secret: prepared.hook.secret,
    rawBody: prepared.rawBody,
    idempotencyKey: prepared.idempotencyKey,
    timeoutMs: config.timeoutMs,
  });
  const result = recordAttempt(db, {
    shopId,
    sendId,
    attempt: prepared.attempt,
    attemptId: prepared.attemptId,
    outcome: response.outcome,
    durationMs: response.durationMs,
    now: now(),
    jitter: jitter(),
  });
  return { result, attempt: prepared.attempt, status: response.outcome.status };
}
