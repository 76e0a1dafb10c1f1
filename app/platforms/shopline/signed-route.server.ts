import { getEnv } from "../../env.server";
import { logger } from "../../logger.server";
import { isShoplineHandle, shoplineAppConfig, type ShoplineAppConfig } from "./config.server";
import { verifyShoplineQuery } from "./signing";

/**
 * The first step of every route SHOPLINE sends a merchant to (the app URL, the OAuth callback):
 * SHOPLINE is set up here (404), the query is signed by SHOPLINE for this app and fresh (401), and
 * names a store handle (400). Either the verified parameters or the Response to return.
 */

export type SignedShoplineRequest = { app: ShoplineAppConfig; params: Record<string, string>; handle: string; now: number };

export const plainText = (status: number, body: string) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export function verifySignedShoplineRequest(request: Request, what: "entry request" | "OAuth callback"): SignedShoplineRequest | Response {
  const app = shoplineAppConfig(getEnv());
  if (!app) return plainText(404, "SHOPLINE is not set up on this server (SHOPLINE_APP_KEY and SHOPLINE_APP_SECRET).");
  const now = Date.now();
  const check = verifyShoplineQuery(new URL(request.url).searchParams, { secret: app.appSecret, appKey: app.appKey, now });
  if (!check.ok) {
    logger.warn({ reason: check.reason }, `SHOPLINE ${what} refused`);
    return plainText(401, `Unauthorized: this ${what === "entry request" ? "request" : "callback"} was not signed by SHOPLINE for this app (${check.reason.replace(/_/g, " ")}).`);
  }
  const handle = check.params.handle ?? "";
  if (!isShoplineHandle(handle)) return plainText(400, `handle: ${JSON.stringify(handle)} is not a SHOPLINE store handle.`);
  return { app, params: check.params, handle, now };
}
