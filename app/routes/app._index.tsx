import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireAdmin } from "../admin.server";
import { NAV_ITEMS } from "../components/navigation";

/** The app's home opens its first page, keeping the embedded query (shop, host, id_token). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return redirect(`${NAV_ITEMS[0].url}${new URL(request.url).search}`);
};
