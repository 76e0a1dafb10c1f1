import { describe, expect, it } from "vitest";
import { classifyStatus, MAX_RETRY_MS, parseRetryAfter, retryDelayMs } from "../../../app/messaging/retry";

describe("the send hook retry policy", () => {
  it("retries 5xx, 429, 408 and no answer; never other 4xx", () => {
    expect([200, 202, 204].map(classifyStatus)).toEqual(["delivered", "delivered", "delivered"]);
    expect([500, 502, 503, 429, 408, null].map(classifyStatus)).toEqual(Array(6).fill("retryable"));
    expect([400, 401, 403, 404, 409, 422, 301].map(classifyStatus)).toEqual(Array(7).fill("rejected"));
  });

  it("backs off exponentially with jitter, capped", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, { jitter: 1 }))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(1, { jitter: 0 })).toBe(15_000);
    expect(retryDelayMs(30, { jitter: 1 })).toBe(MAX_RETRY_MS);
  });

  it("waits as long as Retry-After asks, in seconds or as a date", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 12:05:00 GMT", now)).toBe(300_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(retryDelayMs(1, { jitter: 0.5, retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelayMs(1, { jitter: 0.5, retryAfterMs: 0 })).toBe(1_000);
  });
});
