import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { shoplineSignatureMatches, signShoplinePost, signShoplineQuery } from "../../app/platforms/shopline/signing";
import { send, type FakeShoplineAdmin } from "./fake-shopline-admin";

/**
 * SHOPLINE's app authorization and webhook subscription API for one store, on the loopback origin
 * of a FakeShoplineAdmin (whose GraphQL endpoint then accepts exactly the tokens issued here,
 * until they expire on the fake's clock):
 *
 * - the authorize page is the merchant's browser at SHOPLINE, so `approve(authorizeUrl)` plays
 *   it: it reads the hash query, mints a 10-minute code and returns the callback URL signed the
 *   way SHOPLINE signs GET requests (sorted `k=v&…`, HMAC-SHA256 hex with the app secret);
 * - `POST /admin/oauth/token/create` and `/refresh` check the `appkey`, `timestamp` and `sign`
 *   headers (HMAC of the raw body + timestamp), answer the `{ code, data: { accessToken,
 *   expireTime, scope } }` envelope, issue 10-hour tokens, and keep a refreshed token valid for
 *   5 more minutes (the grace period integrations report);
 * - `GET/POST /admin/openapi/{version}/webhooks.json` list and record subscriptions;
 * - `uninstall()` plays the merchant removing the app: every token is revoked, the subscriptions
 *   are dropped, and the `apps/installed_uninstalled` delivery (operate `UNINSTALL`) is returned
 *   signed for the address subscribed to it, as SHOPLINE would post it
 *   (developer.shopline.com/docs/webhook/application/app-installation-status-changed);
 *   `webhook(topic, payload)` signs any other delivery the same way.
 *
 * How SHOPLINE answers a bad signature is not documented: this fake answers HTTP 200 with a
 * non-200 `code` in the envelope, the case our client must catch by checking `code`.
 */

export const TOKEN_TTL_MS = 10 * 3_600_000;
const GRACE_MS = 5 * 60_000;

type Token = { token: string; expiresAt: number; scope: string };
export type TokenCall = { kind: "create" | "refresh"; ok: boolean; reason?: string };
export type Subscription = { id: number; address: string; topic: string; api_version: string };

export class FakeShoplineOAuth {
  tokens: Token[] = [];
  tokenCalls: TokenCall[] = [];
  subscriptions: Subscription[] = [];
  /** Topics the subscribe API refuses (422). */
  refusedTopics = new Set<string>();
  /** The next `n` refresh calls are answered with an error envelope. */
  failRefreshes = 0;
  private codes = new Map<string, { expiresAt: number; used: boolean; scope: string }>();

  constructor(
    readonly admin: FakeShoplineAdmin,
    readonly options: { handle: string; appKey: string; appSecret: string; clock: () => number; scope?: string },
  ) {
    admin.tokenValid = (token) => this.tokens.some((t) => t.token === token && t.expiresAt > options.clock());
    admin.tokenScope = (token) => this.tokens.find((t) => t.token === token)?.scope ?? "";
    admin.use((req, res, url) => this.route(req, res, url));
  }

  /** The token the store would accept now (the newest). */
  get currentToken(): string | null {
    return this.tokens.at(-1)?.token ?? null;
  }

  /** The merchant approves on SHOPLINE's authorize page: the callback URL SHOPLINE redirects to. */
  approve(authorizeUrl: string): string {
    const hash = new URL(authorizeUrl).hash;
    const query = new URLSearchParams(hash.slice(hash.indexOf("?") + 1));
    if (!hash.startsWith("#/oauth/authorize?")) throw new Error(`not an authorize URL: ${authorizeUrl}`);
    if (query.get("appKey") !== this.options.appKey) throw new Error("authorize URL for another app");
    if (query.get("responseType") !== "code") throw new Error("responseType must be code");
    const redirectUri = query.get("redirectUri");
    if (!redirectUri) throw new Error("authorize URL without redirectUri");
    const code = randomBytes(12).toString("hex");
    // the merchant grants what the app asked for
    this.codes.set(code, { expiresAt: this.options.clock() + 10 * 60_000, used: false, scope: query.get("scope") ?? "" });
    const params: Record<string, string> = { appkey: this.options.appKey, code, handle: this.options.handle, timestamp: String(this.options.clock()) };
    const customField = query.get("customField");
    if (customField !== null) params.customField = customField;
    const signed = new URLSearchParams({ ...params, sign: signShoplineQuery(Object.entries(params), this.options.appSecret) });
    return `${redirectUri}?${signed.toString()}`;
  }

  /** An entry request from the SHOPLINE admin (what SHOPLINE sends to the app URL), signed. */
  entryQuery({ lang = "en", timestamp = this.options.clock() }: { lang?: string; timestamp?: number } = {}): string {
    const params: Record<string, string> = { appkey: this.options.appKey, handle: this.options.handle, lang, timestamp: String(timestamp) };
    return new URLSearchParams({ ...params, sign: signShoplineQuery(Object.entries(params), this.options.appSecret) }).toString();
  }

  /** The merchant uninstalls the app: the signed webhook request SHOPLINE sends (null when not subscribed). */
  uninstall({ name = "Open Store" }: { name?: string } = {}): Request | null {
    const at = this.options.clock();
    const body = {
      appkey: this.options.appKey,
      country_code: "SG",
      created_at: new Date(at).toISOString(),
      handle: this.options.handle,
      merchant_id: "2000234880",
      name,
      operate: "UNINSTALL",
      store_id: "1672369729606",
      timestamp: at,
    };
    const request = this.webhook("apps/installed_uninstalled", body);
    this.tokens = [];
    this.subscriptions = [];
    return request;
  }

  /** A delivery of `topic` as SHOPLINE posts it to the address subscribed to it (null when not subscribed). */
  webhook(topic: string, payload: unknown): Request | null {
    const subscription = this.subscriptions.find((s) => s.topic === topic);
    if (!subscription) return null;
    const body = JSON.stringify(payload);
    return new Request(subscription.address, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopline-Topic": topic,
        "X-Shopline-Hmac-Sha256": createHmac("sha256", this.options.appSecret).update(body, "utf8").digest("base64"),
        "X-Shopline-Shop-Domain": `${this.options.handle}.myshopline.com`,
        "X-Shopline-Shop-Id": "1672369729606",
        "X-Shopline-Merchant-Id": "2000234880",
        "X-Shopline-API-Version": subscription.api_version,
        "X-Shopline-Webhook-Id": randomUUID().replace(/-/g, "").slice(0, 24),
      },
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const token = /^\/admin\/oauth\/token\/(create|refresh)$/.exec(url.pathname);
    if (token && req.method === "POST") {
      this.tokenCall(token[1] as "create" | "refresh", req, await readBody(req), res);
      return true;
    }
    if (/^\/admin\/openapi\/v\d{8}\/webhooks\.json$/.test(url.pathname)) {
      this.webhooks(req, await readBody(req), res);
      return true;
    }
    return false;
  }

  private tokenCall(kind: "create" | "refresh", req: IncomingMessage, body: string, res: ServerResponse): void {
    const { appKey, appSecret, clock } = this.options;
    const refuse = (reason: string) => {
      this.tokenCalls.push({ kind, ok: false, reason });
      send(res, 200, { code: 401, i18nCode: "UNAUTHORIZED", message: reason, data: null });
    };
    const timestamp = header(req, "timestamp");
    if (header(req, "appkey") !== appKey) return refuse("unknown appkey");
    if (!timestamp || !shoplineSignatureMatches(header(req, "sign"), signShoplinePost(body, timestamp, appSecret))) return refuse("sign verification failed");
    const now = clock();
    let scope = this.options.scope ?? this.tokens.at(-1)?.scope ?? "";
    if (kind === "create") {
      let code: string | undefined;
      try {
        code = (JSON.parse(body) as { code?: string }).code;
      } catch {
        return refuse("body is not JSON");
      }
      const grant = code ? this.codes.get(code) : undefined;
      if (!grant || grant.used || grant.expiresAt < now) return refuse("invalid or expired code");
      grant.used = true;
      scope = this.options.scope ?? grant.scope;
    } else {
      if (this.tokens.length === 0) return refuse("the app is not authorized for this store");
      if (this.failRefreshes > 0) {
        this.failRefreshes--;
        this.tokenCalls.push({ kind, ok: false, reason: "injected failure" });
        return send(res, 200, { code: 500, i18nCode: "SYSTEM_ERROR", message: "system busy", data: null });
      }
      for (const t of this.tokens) t.expiresAt = Math.min(t.expiresAt, now + GRACE_MS);
    }
    const issued: Token = { token: `sl_${randomBytes(18).toString("hex")}`, expiresAt: now + TOKEN_TTL_MS, scope };
    this.tokens.push(issued);
    this.tokenCalls.push({ kind, ok: true });
    send(res, 200, { code: 200, i18nCode: "SUCCESS", message: null, data: { accessToken: issued.token, expireTime: new Date(issued.expiresAt).toISOString(), scope } });
  }

  private webhooks(req: IncomingMessage, body: string, res: ServerResponse): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !this.admin.tokenValid(bearer)) return send(res, 401, { errors: "Unauthorized" });
    if (req.method === "GET") return send(res, 200, { webhooks: this.subscriptions });
    if (req.method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
    const webhook = (JSON.parse(body) as { webhook?: Partial<Subscription> }).webhook;
    if (!webhook?.address || !webhook.topic || !webhook.api_version) return send(res, 400, { errors: "webhook.address, topic and api_version are required" });
    if (webhook.address.length > 255 || !/^v\d{8}$/.test(webhook.api_version) || webhook.api_version < "v20240601") return send(res, 400, { errors: "invalid webhook" });
    if (this.refusedTopics.has(webhook.topic)) return send(res, 422, { errors: `topic ${webhook.topic} is not supported` });
    if (this.subscriptions.some((s) => s.topic === webhook.topic && s.address === webhook.address)) return send(res, 422, { errors: "already subscribed" });
    const created: Subscription = { id: this.subscriptions.length + 13814, address: webhook.address, topic: webhook.topic, api_version: webhook.api_version };
    this.subscriptions.push(created);
    send(res, 200, { webhook: { ...created, created_at: new Date(this.options.clock()).toISOString() } });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
