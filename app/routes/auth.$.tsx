import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopify } from "../shopify.server";

/** OAuth and session-token bounce endpoints, handled by the Shopify library. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await shopify().authenticate.admin(request);
  return null;
};
