import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getEnv } from "../env.server";

/** The app URL: Shopify opens it with `?shop=…`; the demo goes straight to the admin. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (getEnv().APP_MODE === "demo" || url.searchParams.get("shop")) return redirect(`/app${url.search}`);
  return redirect("/auth/login");
};
