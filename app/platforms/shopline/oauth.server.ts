import { z } from "zod";
import type { ShoplineAppConfig } from "./config.server";
import { signShoplinePost } from "./signing";

/**
 * SHOPLINE app authorization, the calls we make
 * (developer.shopline.com/docs/apps/api-instructions-for-use/app-authorization; the official Go SDK
 * shoplineos/shopline-sdk-go client/oauth.go `AuthorizeUrl`, `CreateAccessToken`,
 * `RefreshAccessToken`, client/shopline_client.go `setHeaders`):
 *
 * - authorize page: `https://{handle}.myshopline.com/admin/oauth-web/#/oauth/authorize?appKey=…
 *   &responseType=code&scope=…&redirectUri=…` (camelCase; the query sits after the `#`). We add
 *   `customField` carrying our state: the callback returns it with the signed parameters.
 * - token create: `POST https://{handle}.myshopline.com/admin/oauth/token/create`, body
 *   `{"code":"…"}`, headers `appkey`, `timestamp` (ms), `sign` = HMAC-SHA256(body + timestamp).
 * - token refresh: `POST …/admin/oauth/token/refresh`, same headers, no body (the SDK signs the
 *   timestamp alone), and the current token as `Authorization: Bearer` as the SDK's client sends it.
 *   There is no refresh token: the store and app identify what is renewed.
 * - both answer the envelope `{ code, i18nCode, message, data: { accessToken, expireTime, scope } }`;
 *   success is `code` 200 whatever the HTTP status says.
 *
 * Not settled by the docs read: the format of `expireTime` (secondary sources say an ISO time; it
 * is typed as a string), so an ISO time or epoch seconds/milliseconds are all accepted, and a
 * missing or unreadable one counts as the documented 10 hours from now.
 */

export const SHOPLINE_TOKEN_TTL_MS = 10 * 3_600_000;
const TIMEOUT_MS = 15_000;

export function shoplineBaseUrl(handle: string, origin?: string): string {
  return (origin ?? `https://${handle}.myshopline.com`).replace(/\/+$/, "");
}

export function shoplineAuthorizeUrl({ handle, app, redirectUri, state }: { handle: string; app: ShoplineAppConfig; redirectUri: string; state: string }): string {
  const query = new URLSearchParams({ appKey: app.appKey, responseType: "code", scope: app.scopes, redirectUri, customField: state });
  return `${shoplineBaseUrl(handle, app.origin)}/admin/oauth-web/#/oauth/authorize?${query.toString()}`;
}

export type TokenGrant = { accessToken: string; expiresAt: number; scope: string | null };

export class ShoplineAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShoplineAuthError";
  }
}

const Envelope = z.object({
  code: z.union([z.number(), z.string()]),
  i18nCode: z.string().nullish(),
  message: z.string().nullish(),
  data: z
    .object({ accessToken: z.string().min(1), expireTime: z.union([z.string(), z.number()]).nullish(), scope: z.string().nullish() })
    .nullish(),
});

/** `expireTime` as epoch ms (see the header for the forms accepted). */
export function parseExpireTime(value: string | number | null | undefined, now: number): number {
  if (value === null || value === undefined || value === "") return now + SHOPLINE_TOKEN_TTL_MS;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n > 1e12 ? n : n * 1000;
  }
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : now + SHOPLINE_TOKEN_TTL_MS;
}

async function signedTokenPost(
  path: "create" | "refresh",
  { handle, app, body, bearer, now, fetchImpl = fetch }: { handle: string; app: ShoplineAppConfig; body: string; bearer?: string; now: number; fetchImpl?: typeof fetch },
): Promise<TokenGrant> {
  const timestamp = String(now);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
    appkey: app.appKey,
    timestamp,
    sign: signShoplinePost(body, timestamp, app.appSecret),
  };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const what = path === "create" ? "issue an access token" : "refresh the access token";
  let response: Response;
  try {
    response = await fetchImpl(`${shoplineBaseUrl(handle, app.origin)}/admin/oauth/token/${path}`, {
      method: "POST",
      headers,
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ShoplineAuthError(`SHOPLINE (${handle}) could not be reached to ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  let envelope: z.infer<typeof Envelope> | null = null;
  try {
    const parsed = Envelope.safeParse(JSON.parse(text));
    envelope = parsed.success ? parsed.data : null;
  } catch {
    envelope = null;
  }
  if (!envelope) throw new ShoplineAuthError(`SHOPLINE (${handle}) did not ${what}: HTTP ${response.status}, an unreadable answer`);
  if (Number(envelope.code) !== 200 || !envelope.data) {
    const detail = [envelope.i18nCode, envelope.message].filter(Boolean).join(": ");
    throw new ShoplineAuthError(`SHOPLINE (${handle}) did not ${what}: HTTP ${response.status}, code ${envelope.code}${detail ? ` (${detail})` : ""}`);
  }
  return { accessToken: envelope.data.accessToken, expiresAt: parseExpireTime(envelope.data.expireTime, now), scope: envelope.data.scope ?? null };
}

/** Exchanges the callback's authorization code (valid 10 minutes) for an access token. */
export function createShoplineToken(options: { handle: string; code: string; app: ShoplineAppConfig; now: number; fetchImpl?: typeof fetch }): Promise<TokenGrant> {
  return signedTokenPost("create", { ...options, body: JSON.stringify({ code: options.code }) });
}

/** Renews a store's access token before it expires. */
export function refreshShoplineToken(options: { handle: string; accessToken: string; app: ShoplineAppConfig; now: number; fetchImpl?: typeof fetch }): Promise<TokenGrant> {
  return signedTokenPost("refresh", { ...options, body: "", bearer: options.accessToken });
}
