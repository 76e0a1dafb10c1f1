import type { Db } from "../../db/client.server";
import type { LinkFactory } from "./render.server";
import { messageKey, messageToken } from "./tokens.server";

export const UNSUBSCRIBE_PATH = "/u";
export const OPEN_PATH = "/t/o";
export const CLICK_PATH = "/t/c";

/** The signed URLs of one message: unsubscribe page, open pixel, and a redirect per tracked link. */
export function messageLinks(db: Db, { shopId, sendId, baseUrl, now }: { shopId: number; sendId: number; baseUrl: string; now: number }): LinkFactory {
  const key = messageKey(db, shopId, now);
  return {
    unsubscribeUrl: `${baseUrl}${UNSUBSCRIBE_PATH}/${messageToken(key, "u", sendId)}`,
    openPixelUrl: `${baseUrl}${OPEN_PATH}/${messageToken(key, "o", sendId)}.gif`,
    clickUrl: (index) => `${baseUrl}${CLICK_PATH}/${messageToken(key, "c", sendId, index)}`,
  };
}
