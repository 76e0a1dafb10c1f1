import { z } from "zod";
import { toMinorUnits } from "../../money/money";
import { idText, isoTime } from "../json";
import { sourceVersion, type CheckoutUpsert, type OrderUpsert, type RefundUpsert } from "../types";
import { ShopifyCustomerSchema, shopifyCustomerUpsert } from "./customers";

/** Shopify order, refund and checkout payloads → the neutral model (only the fields we use). */

const id = z.union([z.string(), z.number()]).transform((v) => idText(v)!);
const optionalId = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : idText(v)));
const money = z.union([z.string(), z.number()]).nullish();

const RefundSchema = z.object({
  id,
  order_id: optionalId,
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  refund_line_items: z.array(z.object({ line_item_id: optionalId, quantity: z.number().nullish(), subtotal: money })).nullish(),
  transactions: z.array(z.object({ amount: money, kind: z.string().nullish(), status: z.string().nullish() })).nullish(),
});

export const ShopifyOrderSchema = z.object({
  id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  currency: z.string(),
  total_price: money,
  subtotal_price: money,
  total_discounts: money,
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  checkout_token: z.string().nullish(),
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  customer: ShopifyCustomerSchema.nullish(),
  line_items: z.array(
    z.object({
      id: optionalId,
      product_id: optionalId,
      variant_id: optionalId,
      title: z.string().nullish(),
      product_type: z.string().nullish(),
      quantity: z.number(),
      price: money,
      total_discount: money,
    }),
  ),
  refunds: z.array(RefundSchema).nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrderSchema>;

const minor = (value: string | number | null | undefined, currency: string) => (value === null || value === undefined || value === "" ? 0 : toMinorUnits(value, currency));

/** What a refund gave back: its successful refund transactions, else the refunded lines' subtotals. */
function refundOf(refund: z.infer<typeof RefundSchema>, orderPlatformId: string, currency: string, fallbackTime: number): RefundUpsert {
  const transactions = (refund.transactions ?? []).filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success");
  const fromTransactions = transactions.reduce((sum, t) => sum + minor(t.amount, currency), 0);
  const fromLines = (refund.refund_line_items ?? []).reduce((sum, l) => sum + minor(l.subtotal, currency), 0);
  return {
    platformId: refund.id,
    orderPlatformId: refund.order_id ?? orderPlatformId,
    amountMinor: transactions.length > 0 ? fromTransactions : fromLines,
    refundedAt: isoTime(refund.processed_at) ?? isoTime(refund.created_at) ?? fallbackTime,
    lines: (refund.refund_line_items ?? [])
      .filter((l) => l.line_item_id !== null)
      .map((l) => ({ linePlatformId: l.line_item_id!, quantity: l.quantity ?? 0 })),
  };
}

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
    lines: order.line_items.map((line) => {
      const price = minor(line.price, currency);
      return {
        platformId: line.id,
        productPlatformId: line.product_id,
        variantPlatformId: line.variant_id,
        productType: line.product_type ?? null,
        title: line.title ?? null,
        quantity: line.quantity,
        priceMinor: price,
        totalMinor: price * line.quantity - minor(line.total_discount, currency),
      };
    }),
    refunds: (order.refunds ?? []).map((r) => refundOf(r, order.id, currency, updatedAt)),
  };
}

/** refunds/create: one refund of an order (the currency comes from the stored order). */
export const ShopifyRefundSchema = RefundSchema.extend({ order_id: id });
export function shopifyRefundUpsert(refund: z.infer<typeof ShopifyRefundSchema>, currency: string, fallbackTime: number): RefundUpsert {
  return refundOf(refund, refund.order_id, currency, fallbackTime);
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
    totalMinor: currency && checkout.total_price !== null && checkout.total_price !== undefined ? toMinorUnits(checkout.total_price, currency) : null,
    currency,
    startedAt: isoTime(checkout.created_at) ?? updatedAt,
    completedAt: isoTime(checkout.completed_at),
  };
}

export const OrderDeletePayloadSchema = z.object({ id });
