import type { Db } from "../db/client.server";
import type { MembershipCauseName } from "../db/enums";
import type { ContactChange } from "../app/segments/dependencies";
import type { ShopSettings } from "../app/settings/shop-settings";

/** What the engine must re-evaluate after a delivery was applied. */
export type EngineNotice = { contactIds: number[]; change: ContactChange; cause: MembershipCauseName; causeDetail: string };

/** Everything a topic handler gets: the parsed payload (18-digit ids as strings) and its shop. */
export type HandlerContext = {
  db: Db;
  shopId: number;
  topic: string;
  payload: unknown;
  /** Platform trigger time (ms), when the delivery carried one. */
  triggeredAt: number | null;
  receivedAt: number;
  now: number;
  settings: ShopSettings;
};

/**
 * Applies one delivery inside the caller's transaction (synchronously: a SQLite transaction cannot
 * wait on the network; slow follow-ups are enqueued as jobs) and says what the engine must look at.
 */
export type TopicHandler = (ctx: HandlerContext) => EngineNotice[];

/** A payload that can never be applied (wrong shape): the delivery is marked failed, nothing changes. */
export class InvalidPayloadError extends Error {}

/** Parses a payload with a zod schema, or fails the delivery with a message naming what is wrong. */
export function parseWith<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, ctx: HandlerContext): T {
  const parsed = schema.safeParse(ctx.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "payload"}: ${i.message}`);
    throw new InvalidPayloadError(`${ctx.topic} payload is not valid: ${issues.join("; ")}`);
  }
  return parsed.data;
}
