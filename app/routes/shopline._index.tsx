import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { findShopByDomain } from "../models/shops.server";
import { SHOPLINE_CALLBACK_PATH, shoplineDomain } from "../platforms/shopline/config.server";
import { shoplineAuthorizeUrl } from "../platforms/shopline/oauth.server";
import { REFRESH_FAILURES_ALERT } from "../platforms/shopline/token-alert";
import { SESSION_COOKIE, SESSION_TTL_MS, STATE_COOKIE, STATE_TTL_MS, issueSession, issueState, newNonce, setCookie } from "../platforms/shopline/session";
import { verifySignedShoplineRequest } from "../platforms/shopline/signed-route.server";
import { shoplineToken } from "../sync/shopline-tokens.server";

/**
 * The app URL configured in the SHOPLINE Partner Portal (GET /shopline). SHOPLINE sends the
 * merchant here, signed (`appkey`, `handle`, `timestamp`, `sign`, plus `lang` when embedded), both
 * when they install the app and whenever they open it from their SHOPLINE admin. After the
 * signature, app key and freshness check (401 otherwise, nothing recorded):
 * - a store installed here with a live token gets an admin session cookie and goes to /app;
 * - any other store (new, uninstalled, its token expired, or refreshing it has failed
 *   REFRESH_FAILURES_ALERT times in a row, which the admin's banner asks to fix this way) is sent to
 *   SHOPLINE's authorize page with a state bound to this browser (cookie) and to the store.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const signed = verifySignedShoplineRequest(request, "entry request");
  if (signed instanceof Response) return signed;
  const { app, handle, now } = signed;

  const db = getDb();
  const shop = findShopByDomain(db, { platform: "shopline", domain: shoplineDomain(handle) });
  const token = shop && shop.uninstalledAt === null ? shoplineToken(db, shop.id) : null;
  const headers = new Headers();
  if (shop && token && token.expiresAt > now && token.refreshFailures < REFRESH_FAILURES_ALERT) {
    headers.append("Set-Cookie", setCookie(SESSION_COOKIE, issueSession(app.appSecret, { shopId: shop.id, handle, now }), SESSION_TTL_MS));
    return redirect("/app", { headers });
  }
  const nonce = newNonce();
  headers.append("Set-Cookie", setCookie(STATE_COOKIE, nonce, STATE_TTL_MS));
  const state = issueState(app.appSecret, { handle, nonce, now });
  return redirect(shoplineAuthorizeUrl({ handle, app, redirectUri: `${app.appUrl}${SHOPLINE_CALLBACK_PATH}`, state }), { headers });
};
