import { describe, expect, it } from "vitest";
import { checkState, issueSession, issueState, readSession, SESSION_TTL_MS, STATE_TTL_MS } from "../../app/platforms/shopline/session";
import { shoplineQuerySource, signShoplinePost, signShoplineQuery, verifyShoplineQuery } from "../../app/platforms/shopline/signing";
import { parseExpireTime, SHOPLINE_TOKEN_TTL_MS } from "../../app/platforms/shopline/oauth.server";

/**
 * The vectors of SHOPLINE's official Go SDK (shoplineos/shopline-sdk-go client/sign_test.go @
 * 0e8255e425e817441056365191ea24614214ddc1; key and secret from config/unit_test_config.go).
 */
const SDK = { appKey: "LDLLJJLflja2039203flaflaLLFLE", appSecret: "LDLLJJLflja2039203flaflaLLFLE", handle: "zwapptest", lang: "zh", timestamp: "21c335b3a" };

describe("SHOPLINE request signatures", () => {
  it("signs a GET request's sorted parameters exactly as the SDK's TestGenerateSignForGet", () => {
    const params: [string, string][] = [["timestamp", SDK.timestamp], ["lang", SDK.lang], ["handle", SDK.handle], ["appkey", SDK.appKey]];
    expect(shoplineQuerySource(params)).toBe(`appkey=${SDK.appKey}&handle=zwapptest&lang=zh&timestamp=21c335b3a`);
    expect(signShoplineQuery(params, SDK.appSecret)).toBe("654a42549daaad959b6488500f499fc0381c6cf24d8afceeb566729fc82fee6a");
    // `sign` itself is never part of what is signed
    expect(signShoplineQuery([...params, ["sign", "anything"]], SDK.appSecret)).toBe("654a42549daaad959b6488500f499fc0381c6cf24d8afceeb566729fc82fee6a");
  });

  it("signs the token create body and the body-less refresh exactly as the SDK's TestGenerateSign1/2", () => {
    expect(signShoplinePost(JSON.stringify({ code: "code" }), SDK.timestamp, SDK.appSecret)).toBe("4c4cf0ac52439d1308b58897f857dcba8545efb6c0e8091fba64b148218d2074");
    expect(signShoplinePost("", SDK.timestamp, SDK.appSecret)).toBe("cf5edab6b92d740fe54b3ce9e2723788128384a1eb5c2a5d64c9210a31185b86");
  });
});

describe("verifying a request SHOPLINE signed", () => {
  const secret = "app-secret";
  const appKey = "app-key";
  const now = Date.parse("2026-11-28T12:00:00Z");
  const signed = (params: Record<string, string>, key = secret) => new URLSearchParams({ ...params, sign: signShoplineQuery(Object.entries(params), key) });
  const entry = { appkey: appKey, handle: "open001", lang: "en", timestamp: String(now - 60_000) };

  it("accepts the install request and every extra parameter it signed (code, customField)", () => {
    expect(verifyShoplineQuery(signed(entry), { secret, appKey, now })).toEqual({ ok: true, params: entry });
    const callback = { ...entry, code: "abc", customField: "state.value" };
    expect(verifyShoplineQuery(signed(callback), { secret, appKey, now })).toMatchObject({ ok: true, params: callback });
    // hex in upper case is the same digest
    const upper = signed(entry);
    upper.set("sign", upper.get("sign")!.toUpperCase());
    expect(verifyShoplineQuery(upper, { secret, appKey, now }).ok).toBe(true);
  });

  it("refuses a forged, altered, extended, repeated, foreign, stale or future request, naming why", () => {
    const reason = (query: URLSearchParams) => {
      const result = verifyShoplineQuery(query, { secret, appKey, now });
      return result.ok ? "ok" : result.reason;
    };
    expect(reason(signed(entry, "another-secret"))).toBe("bad_sign");
    const altered = signed(entry);
    altered.set("handle", "victim");
    expect(reason(altered)).toBe("bad_sign");
    const extended = signed(entry);
    extended.append("code", "injected");
    expect(reason(extended)).toBe("bad_sign");
    const repeated = signed(entry);
    repeated.append("handle", "open001");
    expect(reason(repeated)).toBe("repeated_parameter");
    const unsigned = signed(entry);
    unsigned.delete("sign");
    expect(reason(unsigned)).toBe("missing_sign");
    expect(reason(new URLSearchParams({ ...entry, sign: "zz" }))).toBe("bad_sign");
    expect(reason(signed({ ...entry, appkey: "someone-else" }))).toBe("wrong_appkey");
    expect(reason(signed({ ...entry, timestamp: "soon" }))).toBe("bad_timestamp");
    expect(reason(signed({ ...entry, timestamp: String(now - 10 * 60_000 - 1) }))).toBe("stale");
    expect(reason(signed({ ...entry, timestamp: String(now + 5 * 60_000 + 1) }))).toBe("future");
    expect(reason(signed({ ...entry, timestamp: String(now - 10 * 60_000) }))).toBe("ok");
  });
});

describe("our OAuth state and SHOPLINE admin sessions", () => {
  const secret = "app-secret";
  const now = Date.parse("2026-11-28T12:00:00Z");

  it("binds the state to the store, the browser's nonce and ten minutes", () => {
    const state = issueState(secret, { handle: "open001", nonce: "n-1", now });
    expect(checkState(secret, state, { handle: "open001", nonce: "n-1", now: now + STATE_TTL_MS })).toBe(true);
    expect(checkState(secret, state, { handle: "open001", nonce: "n-1", now: now + STATE_TTL_MS + 1 })).toBe(false);
    expect(checkState(secret, state, { handle: "open002", nonce: "n-1", now })).toBe(false);
    expect(checkState(secret, state, { handle: "open001", nonce: "n-2", now })).toBe(false);
    expect(checkState(secret, state, { handle: "open001", nonce: null, now })).toBe(false);
    expect(checkState("other-secret", state, { handle: "open001", nonce: "n-1", now })).toBe(false);
    expect(checkState(secret, `${state}x`, { handle: "open001", nonce: "n-1", now })).toBe(false);
  });

  it("reads back only an unaltered, unexpired session, and never a state as a session", () => {
    const session = issueSession(secret, { shopId: 7, handle: "open001", now });
    expect(readSession(secret, session, now + SESSION_TTL_MS)).toEqual({ shopId: 7, handle: "open001", expiresAt: now + SESSION_TTL_MS });
    expect(readSession(secret, session, now + SESSION_TTL_MS + 1)).toBeNull();
    expect(readSession("other-secret", session, now)).toBeNull();
    const [body, mac] = session.split(".");
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), s: 8 })).toString("base64url");
    expect(readSession(secret, `${tampered}.${mac}`, now)).toBeNull();
    expect(readSession(secret, issueState(secret, { handle: "open001", nonce: "n", now }), now)).toBeNull();
    for (const junk of ["", ".", "a.b.c", "x".repeat(5000)]) expect(readSession(secret, junk, now)).toBeNull();
  });
});

describe("the token's expireTime", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it("accepts an ISO time or epoch seconds or milliseconds, and falls back to the documented 10 hours", () => {
    expect(parseExpireTime("2026-11-28T22:00:00Z", now)).toBe(Date.parse("2026-11-28T22:00:00Z"));
    expect(parseExpireTime("2026-11-29T06:00:00+08:00", now)).toBe(Date.parse("2026-11-28T22:00:00Z"));
    expect(parseExpireTime(String(now + 1000), now)).toBe(now + 1000);
    expect(parseExpireTime(Math.floor(now / 1000) + 36_000, now)).toBe(now + 36_000_000);
    for (const missing of [null, undefined, "", "not a time"]) expect(parseExpireTime(missing, now)).toBe(now + SHOPLINE_TOKEN_TTL_MS);
  });
});
