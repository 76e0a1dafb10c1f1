import { z } from "zod";
import { restId, RestOrderBaseSchema, restLine, restMinor, restMoney, restRefund, RestRefundSchema } from "../rest-order";
import { sourceVersion, type OrderUpsert, type RefundUpsert } from "../types";
import { ShoplineCustomerSchema, shoplineCustomerUpsert, shoplineTime } from "./customers";

/**
 * SHOPLINE order payloads (orders/create, orders/update(d), orders/paid, orders/cancelled) → the
 * neutral model, exactly as the Shopify adapter does.
 *
 * WRITTEN FROM DOCUMENTATION, NOT FROM A CAPTURED PAYLOAD. SHOPLINE publishes no complete order
 * body; this mapping follows the field lists of:
 * - orders/create:    https://developer.shopline.com/docs/webhook/order/order-created
 *                     (also /doc/2ff80e9159b517704ce43f0f74e6e247/NlN1ol2I)
 * - orders/updated:   https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/i1vNgOUt
 * - orders/paid:      https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/LWX7akA6
 * - orders/delete:    https://developer.shopline.com/docs/webhook/order/orders-deletion
 * - line items:       https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/zAiO6DVi
 *                     (fulfillments/create: line item `id`, `name`, `price` "8.00", `product_id`
 *                     = SPU id, …)
 * - REST order model: https://developer.shopline.com/docs/admin-rest-api/order/order-management/create-an-order
 *                     (and the SDK's order model, shoplineos/shopline-sdk-go
 *                     rest/admin/v20251201/order/order_data_model.go: id, name, currency,
 *                     financial_status, fulfillment_status, customer, line_items, created_at,
 *                     updated_at, cancelled_at, processed_at, current_total_price).
 * The bodies follow Shopify's REST order shape (money as decimal strings, `*_set` objects, ISO
 * times with offsets). What could not be read on those pages is accepted in both plausible forms:
 * the total is `total_price`, else `current_total_price` (which already nets out edits/refunds,
 * so it is the fallback: refunds are subtracted separately); the currency is `currency`, else the
 * shop money currency of the total; a cancellation is `cancelled_at`, else `status: "cancelled"`
 * (dated by updated_at); refunds, when present, are read like the REST refund (`refund_line_items`
 * with `line_item_id`, `quantity`, `subtotal`, and `transactions`). Ids are kept as text (SHOPLINE
 * product ids are 26 digits).
 */

const id = restId;
const money = restMoney;
const moneySet = z.object({ shop_money: z.object({ amount: money, currency_code: z.string().nullish() }).nullish() }).nullish();


export const ShoplineOrderSchema = RestOrderBaseSchema.extend({
  currency: z.string().nullish(),
  current_total_price: money,
  total_price_set: moneySet,
  current_total_price_set: moneySet,
  status: z.string().nullish(),
  customer: ShoplineCustomerSchema.nullish(),
});
export type ShoplineOrder = z.infer<typeof ShoplineOrderSchema>;

export const ShoplineOrderDeleteSchema = z.object({ id });

const minor = restMinor;

/** The order's currency: `currency`, else the shop money currency of its total. */
export function shoplineOrderCurrency(order: ShoplineOrder): string | null {
  const code = order.currency ?? order.total_price_set?.shop_money?.currency_code ?? order.current_total_price_set?.shop_money?.currency_code ?? null;
  return code && /^[A-Za-z]{3}$/.test(code.trim()) ? code.trim().toUpperCase() : null;
}


/** Throws when the order names no readable currency (the handler fails the delivery). */
export function shoplineOrderUpsert(order: ShoplineOrder, triggeredAt: number | null, fallbackTime: number): OrderUpsert {
  const currency = shoplineOrderCurrency(order);
  if (!currency) throw new Error(`order ${order.id} has no currency`);
  const updatedAt = shoplineTime(order.updated_at) ?? triggeredAt ?? fallbackTime;
  const total = order.total_price ?? order.total_price_set?.shop_money?.amount ?? order.current_total_price ?? order.current_total_price_set?.shop_money?.amount;
  const cancelledAt = shoplineTime(order.cancelled_at) ?? (order.status?.toLowerCase() === "cancelled" ? updatedAt : null);
  return {
    platformId: order.id,
    version: sourceVersion(updatedAt, triggeredAt),
    customer: order.customer ? shoplineCustomerUpsert({ ...order.customer, email: order.customer.email ?? order.email }, null, updatedAt) : null,
    name: order.name ?? null,
    currency,
    totalMinor: minor(total, currency),
    subtotalMinor: order.subtotal_price === null || order.subtotal_price === undefined ? null : minor(order.subtotal_price, currency),
    discountMinor: minor(order.total_discounts, currency),
    financialStatus: order.financial_status?.toLowerCase() ?? null,
    fulfillmentStatus: order.fulfillment_status?.toLowerCase() ?? null,
    discountCodes: (order.discount_codes ?? []).map((d) => d.code),
    checkoutToken: order.checkout_token ?? null,
    placedAt: shoplineTime(order.processed_at) ?? shoplineTime(order.created_at) ?? updatedAt,
    cancelledAt,
    lines: order.line_items.map((line) => restLine(line, currency)),
    refunds: (order.refunds ?? []).map((r) => restRefund(r, order.id, currency, updatedAt, shoplineTime)),
  };
}
