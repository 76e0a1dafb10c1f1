import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { logger } from "../logger.server";
import { createShoplineToken } from "../platforms/shopline/oauth.server";
import { SESSION_COOKIE, SESSION_TTL_MS, STATE_COOKIE, checkState, clearCookie, cookieValue, issueSession, setCookie } from "../platforms/shopline/session";
import { plainText, verifySignedShoplineRequest } from "../platforms/shopline/signed-route.server";
import { onShoplineInstall } from "../sync/shopline-install.server";

/**
 * SHOPLINE's OAuth callback (GET /shopline/callback, the "App callback URL" of the Partner
 * Portal): `appkey`, `code`, `handle`, `timestamp`, `customField` (our state) and `sign`. The
 * signature, app key, freshness and state (this browser's nonce, this store, unexpired) are
 * checked first (401, nothing recorded); then the code is exchanged for a token, the store is
 * installed (app/sync/shopline-install.server.ts) and the merchant lands in the admin.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const signed = verifySignedShoplineRequest(request, "OAuth callback");
  if (signed instanceof Response) return signed;
  const { app, handle, now } = signed;
  const { code, customField } = signed.params;
  if (!checkState(app.appSecret, customField, { handle, nonce: cookieValue(request.headers.get("Cookie"), STATE_COOKIE), now })) {
    logger.warn({ handle }, "SHOPLINE OAuth callback with a state that is not this browser's; refused");
    return plainText(401, "Unauthorized: this authorization was not started from this browser, or it took longer than 10 minutes. Open the app from your SHOPLINE admin again.");
  }
  if (!code) return plainText(400, "code: SHOPLINE sent no authorization code (was the authorization declined?).");

  let grant;
  try {
    grant = await createShoplineToken({ handle, code, app, now });
  } catch (error) {
    logger.error({ handle, error: error instanceof Error ? error.message : String(error) }, "SHOPLINE token exchange failed");
    return plainText(502, "SHOPLINE did not issue an access token for your store. Open the app from your SHOPLINE admin to try again.");
  }
  const report = await onShoplineInstall(getDb(), { handle, grant, app, now: Date.now() });
  const headers = new Headers();
  headers.append("Set-Cookie", clearCookie(STATE_COOKIE));
  headers.append("Set-Cookie", setCookie(SESSION_COOKIE, issueSession(app.appSecret, { shopId: report.shopId, handle, now: Date.now() }), SESSION_TTL_MS));
  return redirect("/app", { headers });
};
