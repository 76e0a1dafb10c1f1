import { vi } from "vitest";
import { setDb } from "../../../app/db.server";
import { resetEnvCache } from "../../../app/env.server";
import { popupLimiters } from "../../../app/popup/intake.server";
import { action as signupAction } from "../../../app/routes/proxy.signup";
import type { PopupSettings } from "../../../app/settings/shop-settings";
import { DEMO_WEBHOOK_SECRET, resetShopifyApp } from "../../../app/shopify.server";
import { appProxyUrl } from "../../helpers/app-proxy";
import { callRoute } from "../../helpers/signed-request";
import { APP_URL, createMessagingStore } from "../messaging/harness";

/**
 * The messaging store (a shop on a real SQLite file, a provider on loopback as its send hook, the
 * job runner) in demo mode, with signup requests signed the way Shopify's app proxy signs them —
 * with the demo secret the app verifies against in demo mode — and sent to the route's action.
 */

export type SubmitOptions = {
  contentType?: string;
  /** The visitor's address, as the app proxy forwards it. */
  ip?: string;
  secret?: string;
  timestamp?: number;
  shop?: string;
  /** No signature at all (a request that did not come through the proxy). */
  unsigned?: boolean;
};

export type PopupStore = Awaited<ReturnType<typeof createPopupStore>>;

export async function createPopupStore() {
  const store = await createMessagingStore({ start: Date.now() });
  vi.stubEnv("APP_MODE", "demo");
  resetEnvCache();
  resetShopifyApp();
  setDb(store.db);
  popupLimiters.visitor.reset();
  popupLimiters.shop.reset();
  const sqlite = store.db.$client;

  return {
    ...store,
    /** Runs due jobs; the runner's clock first catches up with the wall clock the route stamps. */
    async drain() {
      store.clock.now = Math.max(store.clock.now, Date.now());
      return store.drain();
    },
    /** Sets the shop's popup settings (Settings → Signup popup). */
    settings(popup: Partial<PopupSettings>) {
      const current = JSON.parse(sqlite.prepare(`SELECT settings FROM shops WHERE id = ?`).pluck().get(store.shop.id) as string) as Record<string, unknown>;
      sqlite.prepare(`UPDATE shops SET settings = ? WHERE id = ?`).run(JSON.stringify({ ...current, popup: { doubleOptIn: false, tags: ["popup-signup"], blockTags: [], ...popup } }), store.shop.id);
    },
    /** Posts a signup as the storefront's popup would, through the (simulated) app proxy. */
    async submit(body: unknown, { contentType = "application/json", ip = "203.0.113.7", secret = DEMO_WEBHOOK_SECRET, timestamp, shop = store.shop.domain, unsigned = false }: SubmitOptions = {}) {
      const url = unsigned ? `${APP_URL}/proxy/signup?shop=${shop}` : appProxyUrl(`${APP_URL}/proxy/signup`, { shop, secret, timestamp });
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      const response = await callRoute(signupAction, new Request(url, { method: "POST", headers: { "Content-Type": contentType, "X-Forwarded-For": `${ip}, 10.0.0.1` }, body: raw }));
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null, headers: response.headers };
    },
    contactByEmail(email: string) {
      return sqlite.prepare(`SELECT * FROM contacts WHERE shop_id = ? AND email = ?`).get(store.shop.id, email) as Record<string, unknown> & { id: number };
    },
    tags(contactId: number) {
      return sqlite.prepare(`SELECT t.name, ct.source FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name, ct.source`).all(contactId);
    },
    consentChanges(contactId: number) {
      return sqlite.prepare(`SELECT channel, state, source FROM consent_changes WHERE contact_id = ? ORDER BY id`).all(contactId);
    },
    signups(contactId: number) {
      return sqlite.prepare(`SELECT * FROM popup_signups WHERE contact_id = ? ORDER BY id`).all(contactId) as (Record<string, unknown> & { id: number })[];
    },
    jobs(type: string) {
      return sqlite.prepare(`SELECT payload FROM jobs WHERE type = ? ORDER BY id`).pluck().all(type).map((p) => JSON.parse(p as string) as Record<string, number>);
    },
    count(table: string) {
      return sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    },
    async close() {
      setDb(undefined);
      vi.unstubAllEnvs();
      resetEnvCache();
      resetShopifyApp();
      await store.close();
    },
  };
}
