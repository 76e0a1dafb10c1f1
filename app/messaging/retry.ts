/**
 * The send hook retry policy. The schedule itself is durable: each retry is a job row with
 * `run_after` (app/messaging/deliver.server.ts), never a timer in memory, so a restart keeps it.
 */

/** HTTP attempts per message, the first included; after the last one the message is dead-lettered. */
export const MAX_SEND_ATTEMPTS = 6;
/** First retry delay; doubled per attempt (30 s, 1 min, 2 min, 4 min, 8 min), capped. */
export const BASE_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** A provider's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

export type AttemptOutcome =
  | { kind: "delivered"; status: number; providerMessageId: string | null }
  /** 5xx, 429, timeouts and network failures: the message may or may not have gone out; retry with the same key. */
  | { kind: "retryable"; status: number | null; error: string; retryAfterMs: number | null }
  /** Any other 4xx (and 3xx): the provider refused it; retrying cannot help. */
  | { kind: "rejected"; status: number; error: string };

/** Classifies an HTTP status (null = no response: timeout or network failure). */
export function classifyStatus(status: number | null): "delivered" | "retryable" | "rejected" {
  if (status === null) return "retryable";
  if (status >= 200 && status < 300) return "delivered";
  if (status === 429 || status === 408 || status >= 500) return "retryable";
  return "rejected";
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - nowMs));
}

/**
 * Delay before attempt `attempt + 1`, after `attempt` attempts failed: exponential with jitter
 * (scaled by 0.5–1.0, so retries of one campaign spread out), or the provider's Retry-After when
 * it asked for longer.
 */
export function retryDelayMs(attempt: number, { jitter, retryAfterMs = null }: { jitter: number; retryAfterMs?: number | null }): number {
  const base = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  const backoff = Math.round(base * (0.5 + Math.min(1, Math.max(0, jitter)) / 2));
  return retryAfterMs !== null ? Math.max(retryAfterMs, 1000) : backoff;
}
