import { expect, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import type { Db } from "../../db/client.server";
import { FakeShoplineAdmin, type FakeShoplineCustomer } from "./fake-shopline-admin";
import { createTestDb } from "./test-db";
import { STATE_COOKIE } from "../../app/platforms/shopline/session";
import { loader as callbackLoader } from "../../app/routes/shopline.callback";
import { loader as entryLoader } from "../../app/routes/shopline._index";
import { FakeShoplineOAuth } from "./fake-shopline-oauth";
import { callRoute } from "./signed-request";

/** A GET through a route module, with an optional Cookie header. */
export const getRoute = (handler: (args: never) => unknown, url: string, cookie?: string) =>
  callRoute(handler, new Request(url, cookie ? { headers: { Cookie: cookie } } : undefined));

/** `name=value` pairs of a response's Set-Cookie headers. */
export function cookies(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(";")[0].split("=") as [string, string]));
}

/**
 * The merchant installs (or re-authorizes) from SHOPLINE: the signed entry request to our app URL,
 * SHOPLINE's authorize page (the fake approves), and the signed callback in the same browser.
 * Returns the entry response when it did not send the merchant to authorize, else the callback's.
 */
export async function enterFromShopline(shopline: FakeShoplineOAuth, appUrl: string): Promise<{ authorized: boolean; response: Response }> {
  const entry = await getRoute(entryLoader, `${appUrl}/shopline?${shopline.entryQuery()}`);
  expect(entry.status).toBe(302);
  const location = entry.headers.get("location")!;
  if (location === "/app") return { authorized: false, response: entry };
  const state = cookies(entry)[STATE_COOKIE];
  return { authorized: true, response: await getRoute(callbackLoader, shopline.approve(location), `${STATE_COOKIE}=${state}`) };
}

/** The app and SHOPLINE facts the install stories share. */
export const SHOPLINE_APP = { appUrl: "https://segmentflow.example", appKey: "shopline-app-key", appSecret: "shopline-app-secret", handle: "open001", domain: "open001.myshopline.com" };

/**
 * A production app configured for SHOPLINE against a fake SHOPLINE on loopback holding `customers`,
 * on an in-memory database; `stopShoplineApp` undoes it. For a test's beforeAll/afterAll.
 */
export async function startShoplineApp({ customers, clock }: { customers: FakeShoplineCustomer[]; clock: () => number }): Promise<{ admin: FakeShoplineAdmin; shopline: FakeShoplineOAuth; db: Db }> {
  const admin = await FakeShoplineAdmin.start();
  const shopline = new FakeShoplineOAuth(admin, { handle: SHOPLINE_APP.handle, appKey: SHOPLINE_APP.appKey, appSecret: SHOPLINE_APP.appSecret, clock });
  admin.customers.push(...customers);
  vi.stubEnv("APP_MODE", "production");
  vi.stubEnv("DATABASE_PATH", ":memory:");
  vi.stubEnv("SHOPIFY_API_KEY", "shopify-key");
  vi.stubEnv("SHOPIFY_API_SECRET", "shopify-secret");
  vi.stubEnv("SHOPIFY_APP_URL", SHOPLINE_APP.appUrl);
  vi.stubEnv("SHOPLINE_APP_KEY", SHOPLINE_APP.appKey);
  vi.stubEnv("SHOPLINE_APP_SECRET", SHOPLINE_APP.appSecret);
  vi.stubEnv("SHOPLINE_ADMIN_API_ORIGIN", admin.origin);
  resetEnvCache();
  const db = createTestDb();
  setDb(db);
  return { admin, shopline, db };
}

export async function stopShoplineApp(admin: FakeShoplineAdmin): Promise<void> {
  vi.unstubAllEnvs();
  resetEnvCache();
  setDb(undefined);
  await admin.close();
}
