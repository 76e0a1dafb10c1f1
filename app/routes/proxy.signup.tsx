import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { handlePopupSignup } from "../popup/intake.server";
import { verifyAppProxy } from "../popup/proxy-auth.server";

/**
 * POST /proxy/signup: the signup popup's submissions (extensions/signup-popup), posted by the
 * storefront to `/apps/segmentflow/signup` and forwarded, signed, by Shopify's app proxy
 * (`[app_proxy]` in shopify.app.toml). The signature names the shop.
 */
const methodNotAllowed = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

export const loader = () => methodNotAllowed();

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed();
  const shop = await verifyAppProxy(request);
  if (!shop) return new Response(JSON.stringify({ error: "the app proxy signature is missing or invalid" }), { status: 401, headers: { "Content-Type": "application/json" } });
  return handlePopupSignup(request, { db: getDb(), shopDomain: shop, now: Date.now() });
};
