import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { handlePixelPost, pixelMethodNotAllowed, pixelPreflight } from "../pixel/intake.server";

/**
 * POST /pixel/events: storefront events from the web pixel (extensions/segmentflow-pixel).
 * Public and cross-origin; the body's `accountID` (the shop's pixel key) names the shop. Remix
 * routes OPTIONS to the loader and POST to the action.
 */
export const loader = ({ request }: { request: Request }) => (request.method === "OPTIONS" ? pixelPreflight() : pixelMethodNotAllowed());

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method === "OPTIONS") return pixelPreflight();
  if (request.method !== "POST") return pixelMethodNotAllowed();
  return handlePixelPost(request, { db: getDb(), now: Date.now() });
};
