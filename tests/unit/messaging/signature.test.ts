import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "../../../app/messaging/signature";

const secret = "whsec_example";
const body = '{"idempotency_key":"campaign:7:contact:42"}';
const now = Date.parse("2026-11-28T12:00:00Z");

describe("the Segmentflow-Signature header", () => {
  it("is t=<unix seconds>,v1=<hex HMAC-SHA256 over '<t>.<raw body>'>, as the README tells providers", () => {
    const header = signPayload(secret, body, now);
    const t = now / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
    expect(verifySignature({ secret, rawBody: body, header, nowMs: now + 60_000 })).toEqual({ ok: true, timestamp: t });
  });

  it("rejects a changed body, another secret, an old or future timestamp, and junk", () => {
    const header = signPayload(secret, body, now);
    expect(verifySignature({ secret, rawBody: body.replace("42", "43"), header, nowMs: now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ secret: "whsec_other", rawBody: body, header, nowMs: now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ secret, rawBody: body, header, nowMs: now + 301_000 })).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature({ secret, rawBody: body, header, nowMs: now - 301_000 })).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature({ secret, rawBody: body, header: null, nowMs: now })).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature({ secret, rawBody: body, header: "v1=abc", nowMs: now })).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature({ secret, rawBody: body, header: `t=1,t=2,v1=${"0".repeat(64)}`, nowMs: now })).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts any of several v1 values (secret rotation)", () => {
    const [t, v1] = signPayload(secret, body, now).split(",");
    expect(verifySignature({ secret, rawBody: body, header: `${t},v1=${"ab".repeat(32)},${v1}`, nowMs: now }).ok).toBe(true);
  });
});
