import { z } from "zod";
import { idText } from "../../app/platforms/json";
import { redactCustomer, redactShop } from "../../app/sync/compliance-redact.server";
import { parseWith, type TopicHandler } from "../handler";
import { redactionNotices } from "./shopify-compliance";

/**
 * SHOPLINE's mandatory privacy topics
 * (https://developer.shopline.com/docs/apps/api-instructions-for-use/webhooks/gdpr-webhook):
 * - customers/redact: `{ customer: { id, email, phone }, orders_to_redact: ["#72348"], shop_id,
 *   shop_domain, update_time }` — the orders are named by their order number, not their id;
 * - merchants/redact (48 hours after uninstall): `{ store_id, store_domain, update_time }`.
 * SHOPLINE has no data-request topic. The shop is the verified delivery's, never the payload's.
 */

const id = z.union([z.string().min(1), z.number()]).transform((v) => idText(v)!);

const CustomerRedactSchema = z.object({
  customer: z
    .object({ id: id.nullish(), email: z.string().nullish(), phone: z.string().nullish() })
    .refine((c) => c.id != null || !!c.email?.trim() || !!c.phone?.trim(), { message: "the customer has no id, email or phone" }),
  orders_to_redact: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
});

/** SHOPLINE writes international numbers with a `00` prefix; contacts hold them with `+`. */
const internationalPhone = (phone: string | null | undefined) => {
  const text = phone?.trim();
  return text && /^00[1-9]/.test(text) ? `+${text.slice(2)}` : (text ?? null);
};

export const shoplineCustomersRedact: TopicHandler = (ctx) => {
  const payload = parseWith(CustomerRedactSchema, ctx);
  const { contactIds } = redactCustomer(ctx.db, {
    shopId: ctx.shopId,
    customerPlatformId: payload.customer.id ?? null,
    email: payload.customer.email,
    phone: internationalPhone(payload.customer.phone),
    orderPlatformIds: payload.orders_to_redact ?? [],
    now: ctx.now,
  });
  return redactionNotices(contactIds, ctx);
};

export const shoplineMerchantsRedact: TopicHandler = (ctx) => {
  parseWith(z.object({}), ctx);
  redactShop(ctx.db, { shopId: ctx.shopId, now: ctx.now });
  return [];
};
