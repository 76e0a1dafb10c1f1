import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { requireAdmin } from "../admin.server";
import { DemoShell, EmbeddedNavigation } from "../components/admin-shell";
import { AppProvider } from "../components/app-provider";
import { ShoplineTokenBanner } from "../components/shopline-token-banner";
import { getDb } from "../db.server";
import { getEnv } from "../env.server";
import { shoplineTokenAlert } from "../platforms/shopline/token-alert";
import { shoplineToken } from "../sync/shopline-tokens.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { mode, shop } = await requireAdmin(request);
  const env = getEnv();
  // Shopify's App Bridge only belongs inside the Shopify admin: a SHOPLINE shop gets our own shell
  const shell = mode === "demo" ? "demo" : shop.platform === "shopline" ? "shopline" : "shopify";
  return json({
    shell,
    apiKey: shell === "shopify" && env.APP_MODE === "production" ? env.SHOPIFY_API_KEY : "",
    shopName: shop.name ?? shop.domain,
    // a SHOPLINE token that cannot be renewed is shown on every page (README "Installing from SHOPLINE")
    ...(shell === "shopline" ? { tokenAlert: shoplineTokenAlert(shoplineToken(getDb(), shop.id), { now: Date.now(), timeZone: shop.timeZone }) } : {}),
  });
};

export default function AppLayout() {
  const data = useLoaderData<typeof loader>();
  const { shell, apiKey, shopName } = data;
  if (shell !== "shopify") {
    return (
      <AppProvider isEmbeddedApp={false} apiKey="">
        <DemoShell shopName={shopName} demo={shell === "demo"}>
          {"tokenAlert" in data && <ShoplineTokenBanner alert={data.tokenAlert ?? null} />}
          <Outlet />
        </DemoShell>
      </AppProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <EmbeddedNavigation />
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch its thrown responses (redirects, 401s) so their headers survive.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
