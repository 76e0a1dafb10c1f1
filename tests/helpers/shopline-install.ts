import { expect } from "vitest";
import { STATE_COOKIE } from "../../app/platforms/shopline/session";
import { loader as callbackLoader } from "../../app/routes/shopline.callback";
import { loader as entryLoader } from "../../app/routes/shopline._index";
import type { FakeShoplineOAuth } from "./fake-shopline-oauth";
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
