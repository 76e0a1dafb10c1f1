import { API_KEY, API_SECRET_KEY, APP_URL, RequestType, TEST_SHOP, TEST_SHOP_NAME, setUpValidRequest, setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { DrizzleSessionStorageSQLite } from "@shopify/shopify-app-session-storage-drizzle";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { createSegment } from "../../app/models/segments.server";
import { createAutomation } from "../../app/automations/automations.server";
import { createImport } from "../../app/imports/imports.server";
import { resetEnvCache } from "../../app/env.server";
import { resetShopifyApp } from "../../app/shopify.server";
import type { Db } from "../../db/client.server";
import { sessions } from "../../db/schema";
import { generateStore } from "../../db/seed/generate-store";
import { routeFiles, routeTree, type RouteNode } from "../helpers/routes";
import { createTestDb } from "../helpers/test-db";

/**
 * Outside demo mode every admin loader and action must answer a request carrying a valid Shopify
 * session token and reject one without. Routes are enumerated from Remix's own route tree, so a
 * new admin page is covered the moment it exists; a non-admin route must say here how it is
 * protected instead.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  "routes/_index.tsx": "the app URL; only redirects to /app (Shopify adds the shop) or to the login page",
  "routes/auth.$.tsx": "OAuth and session-token bounce pages, handled by @shopify/shopify-app-remix",
  "routes/auth.login/route.tsx": "the login form, which only asks for a shop domain",
  "routes/webhooks.shopify.tsx": "authenticated by the webhook HMAC (tests/integration/webhook-intake.test.ts)",
  "routes/webhooks.shopline.tsx": "authenticated by SHOPLINE's webhook HMAC (tests/integration/shopline-webhooks.test.ts)",
  "routes/shopline._index.tsx": "SHOPLINE app URL: the SHOPLINE-signed entry request, then an admin session or the authorize redirect (tests/integration/shopline-install.test.ts)",
  "routes/shopline.callback.tsx": "SHOPLINE OAuth callback: SHOPLINE's signature plus our state bound to the browser (tests/integration/shopline-install.test.ts)",
  "routes/pixel.events.tsx": "storefront web pixel: the shop's pixel key, size and rate limits (tests/integration/pixel.test.ts)",
  "routes/u.$token.tsx": "email unsubscribe page: the HMAC-signed message token (tests/integration/messaging/consent.test.ts)",
  "routes/t.o.$token.tsx": "email open pixel: the HMAC-signed message token (tests/integration/messaging/tracking.test.ts)",
  "routes/t.c.$token.tsx": "tracked link redirect: the HMAC-signed message token (tests/integration/messaging/tracking.test.ts)",
  "routes/hooks.provider.events.tsx": "provider callbacks: signed with the channel's send hook secret (tests/integration/messaging/forged.test.ts)",
  "routes/hooks.sms.inbound.tsx": "inbound SMS (STOP): signed with the SMS send hook secret (tests/integration/messaging/forged.test.ts)",
  "routes/hooks.outbox.tsx": "demo-only built-in provider: verifies our own send hook signature (tests/integration/messaging/forged.test.ts)",
  "routes/proxy.signup.tsx": "signup popup: Shopify's app proxy signature, rate and size limits (tests/integration/popup/signup.test.ts)",
  "routes/confirm.$token.tsx": "double opt-in confirmation page: the HMAC-signed message token (tests/integration/popup/double-opt-in.test.ts)",
};

const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));

type RouteModule = { loader?: (args: unknown) => Promise<unknown>; action?: (args: unknown) => Promise<unknown>; default?: unknown };

function urlPathOf(file: string, params: Record<string, string>): string {
  const segments: string[] = [];
  const find = (nodes: RouteNode[], trail: string[]): boolean => {
    for (const node of nodes) {
      const next = node.path ? [...trail, node.path] : trail;
      if (node.file === file) {
        segments.push(...next);
        return true;
      }
      if (find(node.children ?? [], next)) return true;
    }
    return false;
  };
  find(routeTree(), []);
  return `/${segments.filter(Boolean).join("/")}`.replace(/:(\w+)/g, (_, name: string) => params[name] ?? "1");
}

async function outcome(run: () => Promise<unknown>): Promise<{ threw: boolean; status: number; location: string | null }> {
  try {
    const result = await run();
    const response = result instanceof Response ? result : null;
    return { threw: false, status: response?.status ?? 200, location: response?.headers.get("location") ?? null };
  } catch (error) {
    if (error instanceof Response) return { threw: true, status: error.status, location: error.headers.get("location") };
    throw error;
  }
}

describe("admin routes in production mode", () => {
  let db: Db;
  let contactId: string;
  let segmentId: string;
  let automationId: string;
  let campaignId: string;
  let importId: string;

  beforeAll(async () => {
    vi.stubEnv("APP_MODE", "production");
    vi.stubEnv("DATABASE_PATH", ":memory:");
    vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
    vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET_KEY);
    vi.stubEnv("SHOPIFY_APP_URL", APP_URL);
    resetEnvCache();
    resetShopifyApp();
    db = createTestDb();
    setDb(db);
    const { shopId } = generateStore(db, {
      seed: 7,
      scale: 0.01,
      anchor: Date.parse("2026-11-28T12:00:00Z"),
      shop: { platform: "shopify", domain: TEST_SHOP, name: "Test shop", timeZone: "Europe/Paris", currency: "EUR" },
    });
    contactId = String((db.$client.prepare(`SELECT id FROM contacts ORDER BY id LIMIT 1`).get() as { id: number }).id);
    const segment = createSegment(db, {
      shopId, name: "Buyers", now: Date.now(),
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "order_count", match: { operator: "gte", value: 1 } }] } },
    });
    if (!segment.ok) throw new Error("invalid segment");
    segmentId = String(segment.segment.id);
    const automation = createAutomation(db, {
      shopId, now: Date.now(),
      input: { name: "Welcome", segmentId: segment.segment.id, trigger: "entered", status: "paused", reentry: "once", steps: [{ type: "send_sms", body: "Hello" }] },
    });
    if (!automation.ok) throw new Error("invalid automation");
    automationId = String(automation.automation.id);
    campaignId = String(db.$client.prepare(`SELECT id FROM campaigns WHERE shop_id = ? ORDER BY id LIMIT 1`).pluck().get(shopId));
    importId = String(createImport(db, { shopId, fileName: "contacts.csv", filePath: "/nonexistent/contacts.csv", fileBytes: 20, delimiter: ",", header: ["Email"], preview: [["ada@example.com"]], now: Date.now() }));
    await new DrizzleSessionStorageSQLite(db, sessions).storeSession(setUpValidSession({ shop: TEST_SHOP, expires: undefined }));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    resetShopifyApp();
    setDb(undefined);
  });

  it("classifies every route file as an admin page or a documented public route", () => {
    const unclassified = routeFiles().filter((file) => !file.startsWith("routes/app") && !(file in PUBLIC_ROUTES));
    expect(unclassified).toEqual([]);
    expect(Object.keys(PUBLIC_ROUTES).filter((file) => !routeFiles().includes(file))).toEqual([]);
  });

  it("answers every admin loader and action with a valid session token, and rejects them without", async () => {
    const adminFiles = routeFiles().filter((file) => file.startsWith("routes/app"));
    expect(adminFiles.length).toBeGreaterThanOrEqual(4);
    let checked = 0;
    for (const file of adminFiles) {
      const module = (await import(/* @vite-ignore */ pathToFileURL(join(APP_DIR, file)).href)) as RouteModule;
      const params = { contactId, segmentId, automationId, campaignId, importId };
      const url = `${APP_URL}${urlPathOf(file, params)}`;
      for (const kind of ["loader", "action"] as const) {
        const handler = module[kind];
        if (!handler) continue;
        checked++;
        const init = kind === "action" ? { method: "POST", body: new URLSearchParams() } : undefined;
        const valid = await setUpValidRequest(
          { type: RequestType.Bearer, store: TEST_SHOP_NAME, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
          new Request(url, init),
        );
        const accepted = await outcome(() => handler({ request: valid, params, context: {} }));
        // past authentication an action may still refuse the empty form, and a resource route (no
        // page) a request without its parameters (400, their own validation)
        expect(accepted.status, `${file} ${kind} with a session token`).toBeLessThan(kind === "action" || !module.default ? 401 : 400);
        expect(accepted.location ?? "", `${file} ${kind} with a session token`).not.toMatch(/\/auth/);

        const rejected = await outcome(() => handler({ request: new Request(url, init), params, context: {} }));
        expect(rejected.threw, `${file} ${kind} without a session token`).toBe(true);
        expect([302, 401], `${file} ${kind} without a session token`).toContain(rejected.status);
        if (rejected.status === 302) expect(rejected.location).toMatch(/\/auth\//);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("rejects a session token signed with another app's secret", async () => {
    const forged = await setUpValidRequest(
      { type: RequestType.Bearer, store: TEST_SHOP_NAME, apiKey: API_KEY, apiSecretKey: "not-our-secret" },
      new Request(`${APP_URL}/app/contacts`),
    );
    const module = (await import("../../app/routes/app.contacts._index")) as RouteModule;
    const result = await outcome(() => module.loader!({ request: forged, params: {}, context: {} }));
    expect(result.threw).toBe(true);
    expect(result.status).toBe(401);
  });
});
