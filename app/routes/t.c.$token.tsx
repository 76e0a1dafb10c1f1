import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { recordClick } from "../messaging/tracking.server";

/**
 * GET /t/c/<token>: a tracked link. The signed token names the message and the link; the click is
 * recorded once (`email_clicked` / `sms_clicked`, `coupon_clicked` for the coupon link) and the
 * browser goes on to the link's target. The target comes from the message row, never from the URL,
 * so the route is no open redirect.
 */
export const loader = ({ params }: LoaderFunctionArgs) => {
  const target = recordClick(getDb(), { token: params.token, now: Date.now() });
  if (!target) throw new Response("This link is not valid.", { status: 404 });
  return redirect(target, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
};
