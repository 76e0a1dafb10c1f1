import type { Db } from "../../db/client.server";
import type { LinkFactory } from "./render.server";
import { messageKey, messageToken } from "./tokens.server";

export const UNSUBSCRIBE_PATH = "/u";
export const OPEN_PATH = "/t/o";
export const CLICK_PATH = "/t/c";
export const CONFIRM_PATH = "/confirm";

/**
 * The signed URLs of one message: unsubscribe page, open pixel, a redirect per tracked link and,
 * for a double opt-in confirmation (`optIn`), the confirmation page.
 */
export function messageLinks(
  db: Db,
  { shopId, sendId, baseUrl, now, optIn = false }: { shopId: number; sendId: number; baseUrl: string; now: number; optIn?: boolean },
): LinkFactory {
  const key = messageKey(db, shopId, now);
  return {
    confirmUrl: optIn ? `${baseUrl}${CONFIRM_PATH}/${messageToken(key, "k", sendId)}` : null,
    unsubscribeUrl: `${baseUrl}${UNSUBSCRIBE_PATH}/${messageToken(key, "u", sendId)}`,
    openPixelUrl: `${baseUrl}${OPEN_PATH}/${messageToken(key, "o", sendId)}.gif`,
    clickUrl: (index) => `${baseUrl}${CLICK_PATH}/${messageToken(key, "c", sendId, index)}`,
  };
}
