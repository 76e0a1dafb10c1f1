import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { recordOpen } from "../messaging/tracking.server";

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** GET /t/o/<token>.gif: the open pixel of an email; a signed token records `email_opened` once. */
export const loader = ({ params }: LoaderFunctionArgs) => {
  if (!recordOpen(getDb(), { token: params.token, now: Date.now() })) return new Response("Not found", { status: 404 });
  return new Response(PIXEL, {
    headers: { "Content-Type": "image/gif", "Content-Length": String(PIXEL.length), "Cache-Control": "no-store, max-age=0", "Referrer-Policy": "no-referrer" },
  });
};
