import { z } from "zod";
import { idText } from "../../app/platforms/json";
import { exportCustomerData } from "../../app/sync/compliance-export.server";
import { redactCustomer, redactShop } from "../../app/sync/compliance-redact.server";
import { parseWith, type EngineNotice, type HandlerContext, type TopicHandler } from "../handler";

/**
 * Shopify's mandatory privacy topics (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance).
 * The shop is the one the verified delivery came from (`X-Shopify-Shop-Domain`), never the payload's
 * `shop_id`/`shop_domain`. Ids arrive as numbers, or as strings when they exceed 2^53.
 */

const id = z.union([z.string().min(1), z.number()]).transform((v) => idText(v)!);
const customer = z
  .object({ id: id.nullish(), email: z.string().nullish(), phone: z.string().nullish() })
  .refine((c) => c.id != null || !!c.email?.trim() || !!c.phone?.trim(), { message: "the customer has no id, email or phone" });

const DataRequestSchema = z.object({
  customer,
  orders_requested: z.array(id).nullish(),
  data_request: z.object({ id }),
});

const CustomerRedactSchema = z.object({ customer, orders_to_redact: z.array(id).nullish() });

/** The contacts a redaction touched leave every segment (redacted contacts match no rule). */
export function redactionNotices(contactIds: number[], ctx: HandlerContext): EngineNotice[] {
  return contactIds.length === 0 ? [] : [{ contactIds, change: { everything: true }, cause: "redaction", causeDetail: ctx.topic }];
}

/** customers/data_request: everything held on the customer, stored once per request in `data_requests`. */
export const customersDataRequest: TopicHandler = (ctx) => {
  const payload = parseWith(DataRequestSchema, ctx);
  exportCustomerData(ctx.db, {
    shopId: ctx.shopId,
    customerPlatformId: payload.customer.id ?? null,
    email: payload.customer.email,
    phone: payload.customer.phone,
    requestId: payload.data_request.id,
    orderPlatformIds: payload.orders_requested ?? [],
    now: ctx.now,
  });
  return [];
};

/** customers/redact: the customer's personal data erased (see app/sync/compliance-redact.server.ts). */
export const customersRedact: TopicHandler = (ctx) => {
  const payload = parseWith(CustomerRedactSchema, ctx);
  const { contactIds } = redactCustomer(ctx.db, {
    shopId: ctx.shopId,
    customerPlatformId: payload.customer.id ?? null,
    email: payload.customer.email,
    phone: payload.customer.phone,
    orderPlatformIds: payload.orders_to_redact ?? [],
    now: ctx.now,
  });
  return redactionNotices(contactIds, ctx);
};

/** shop/redact (48 hours after uninstall): every row of the shop, its sessions and the shop itself. */
export const shopRedact: TopicHandler = (ctx) => {
  parseWith(z.object({}), ctx);
  redactShop(ctx.db, { shopId: ctx.shopId, now: ctx.now });
  return [];
};
