import { classifyStatus, parseRetryAfter, type AttemptOutcome } from "./retry";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signPayload } from "./signature";

export const USER_AGENT = "Segmentflow-SendHook/1";
const MAX_RESPONSE_CHARS = 2_000;

export type HookResponse = {
  outcome: AttemptOutcome;
  durationMs: number;
  /** The start of the response body (shown by "Send test" and in the delivery log). */
  responseText: string | null;
};

function providerMessageId(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { id?: unknown; message_id?: unknown };
    const id = parsed.id ?? parsed.message_id;
    return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : null;
  } catch {
    return null;
  }
}

/**
 * One signed POST to a send hook. Never throws: every result (2xx, 4xx, 5xx, timeout, refused
 * connection) comes back classified. The caller runs this outside any database transaction.
 * The signature's timestamp is the wall clock (`wallNow`), not the job's clock: it guards the
 * request in transit against replay, and the receiver compares it with its own clock.
 */
export async function postToHook(
  { url, secret, rawBody, idempotencyKey, timeoutMs, wallNow = Date.now }: { url: string; secret: string; rawBody: string; idempotencyKey: string; timeoutMs: number; wallNow?: () => number },
): Promise<HookResponse> {
  const nowMs = wallNow();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        [SIGNATURE_HEADER]: signPayload(secret, rawBody, nowMs),
        [IDEMPOTENCY_HEADER]: idempotencyKey,
      },
      body: rawBody,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text()).slice(0, MAX_RESPONSE_CHARS);
    const kind = classifyStatus(response.status);
    const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}`;
    const outcome: AttemptOutcome =
      kind === "delivered"
        ? { kind, status: response.status, providerMessageId: providerMessageId(text) }
        : kind === "retryable"
          ? { kind, status: response.status, error, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), nowMs) }
          : { kind, status: response.status, error };
    return { outcome, durationMs: elapsed(), responseText: text || null };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return {
      outcome: { kind: "retryable", status: null, error: timedOut ? `no answer within ${timeoutMs} ms` : `could not connect: ${cause}`, retryAfterMs: null },
      durationMs: elapsed(),
      responseText: null,
    };
  }
}
