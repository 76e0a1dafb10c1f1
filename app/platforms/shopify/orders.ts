import { z } from "zod";
import { isoTime } from "../json";
import { restId, RestOrderBaseSchema, restLine, restMinor, restMoney, restRefund, RestRefundSchema } from "../rest-order";
import { sourceVersion, type CheckoutUpsert, type OrderUpsert, type RefundUpsert } from "../types";
import { ShopifyCustomerSchema, shopifyCustomerUpsert } from "./customers";

/** Shopify order, refund and checkout payloads → the neutral model (only the fields we use). */

const id = restId;
const money = restMoney;

export const ShopifyOrderSchema = RestOrderBaseSchema.extend({
  currency: z.string(),
  customer: ShopifyCustomerSchema.nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrderSchema>;

const minor = restMinor;

export function shopifyOrderUpsert(order: ShopifyOrder, triggeredAt: number | null, fallbackTime: number): OrderUpsert {
  const currency = order.currency;
  const updatedAt = isoTime(order.updated_at) ?? triggeredAt ?? fallbackTime;
  const placedAt = isoTime(order.processed_at) ?? isoTime(order.created_at) ?? fallbackTime;
  return {
    platformId: order.id,
    version: sourceVersion(updatedAt, triggeredAt),
    customer: order.customer ? shopifyCustomerUpsert({ ...order.customer, email: order.customer.email ?? order.email }, null, updatedAt) : null,
    name: order.name ?? null,
    currency,
    totalMinor: minor(order.total_price, currency),
    subtotalMinor: order.subtotal_price === null || order.subtotal_price === undefined ? null : minor(order.subtotal_price, currency),
    discountMinor: minor(order.total_discounts, currency),
    financialStatus: order.financial_status ?? null,
    fulfillmentStatus: order.fulfillment_status ?? null,
    discountCodes: (order.discount_codes ?? []).map((d) => d.code),
    checkoutToken: order.checkout_token ?? null,
    placedAt,
    cancelledAt: isoTime(order.cancelled_at),
    lines: order.line_items.map((line) => restLine(line, currency)),
    refunds: (order.refunds ?? []).map((r) => restRefund(r, order.id, currency, updatedAt, isoTime)),
  };
}

/** refunds/create: one refund of an order (the currency comes from the stored order). */
export const ShopifyRefundSchema = RestRefundSchema.extend({ order_id: id });
export function shopifyRefundUpsert(refund: z.infer<typeof ShopifyRefundSchema>, currency: string, fallbackTime: number): RefundUpsert {
  return restRefund(refund, refund.order_id, currency, fallbackTime, isoTime);
}

export const ShopifyCheckoutSchema = z.object({
  token: z.union([z.string(), z.number()]).transform((v) => String(v)),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  currency: z.string().nullish(),
  total_price: money,
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  customer: z.object({ id }).nullish(),
});

export function shopifyCheckoutUpsert(checkout: z.infer<typeof ShopifyCheckoutSchema>, triggeredAt: number | null, fallbackTime: number): CheckoutUpsert {
  const updatedAt = isoTime(checkout.updated_at) ?? triggeredAt ?? fallbackTime;
  const currency = checkout.currency ?? null;
  return {
    platformId: checkout.token,
    version: sourceVersion(updatedAt, triggeredAt),
    customerPlatformId: checkout.customer?.id ?? null,
    email: checkout.email ?? null,
    phone: checkout.phone ?? null,
    totalMinor: currency && checkout.total_price !== null && checkout.total_price !== undefined ? restMinor(checkout.total_price, currency) : null,
    currency,
    startedAt: isoTime(checkout.created_at) ?? updatedAt,
    completedAt: isoTime(checkout.completed_at),
  };
}

export const OrderDeletePayloadSchema = z.object({ id });
