import { z } from "zod";
import { toMinorUnits } from "../money/money";
import { idText } from "./json";
import type { OrderLineUpsert, RefundUpsert } from "./types";

/**
 * The REST order shape Shopify's webhooks use and SHOPLINE's follow (money as decimal strings,
 * refunds with `refund_line_items` and `transactions`): the field schemas and mappings both
 * adapters share. Each adapter reads its own timestamps, hence `time`.
 */

export const restId = z.union([z.string(), z.number()]).transform((v) => idText(v)!);
export const restOptionalId = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? null : idText(v)));
export const restMoney = z.union([z.string(), z.number()]).nullish();

export const RestRefundSchema = z.object({
  id: restId,
  order_id: restOptionalId,
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  refund_line_items: z.array(z.object({ line_item_id: restOptionalId, quantity: z.number().nullish(), subtotal: restMoney })).nullish(),
  transactions: z.array(z.object({ amount: restMoney, kind: z.string().nullish(), status: z.string().nullish() })).nullish(),
});

export const RestLineSchema = z.object({
  id: restOptionalId,
  product_id: restOptionalId,
  variant_id: restOptionalId,
  title: z.string().nullish(),
  name: z.string().nullish(),
  product_type: z.string().nullish(),
  quantity: z.coerce.number().int().nonnegative(),
  price: restMoney,
  total_discount: restMoney,
});

/** The order fields both platforms send alike (each adapter adds its currency and customer). */
export const RestOrderBaseSchema = z.object({
  id: restId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  total_price: restMoney,
  subtotal_price: restMoney,
  total_discounts: restMoney,
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  checkout_token: z.string().nullish(),
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).nullish(),
  line_items: z.array(RestLineSchema),
  refunds: z.array(RestRefundSchema).nullish(),
});

/** A decimal amount in the currency's minor unit; absent amounts count as zero. */
export const restMinor = (value: string | number | null | undefined, currency: string) =>
  value === null || value === undefined || value === "" ? 0 : toMinorUnits(value, currency);

type Time = (value: string | null | undefined) => number | null;

/** What a refund gave back: its successful refund transactions, else the refunded lines' subtotals. */
export function restRefund(refund: z.infer<typeof RestRefundSchema>, orderPlatformId: string, currency: string, fallbackTime: number, time: Time): RefundUpsert {
  const transactions = (refund.transactions ?? []).filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success");
  const fromTransactions = transactions.reduce((sum, t) => sum + restMinor(t.amount, currency), 0);
  const fromLines = (refund.refund_line_items ?? []).reduce((sum, l) => sum + restMinor(l.subtotal, currency), 0);
  return {
    platformId: refund.id,
    orderPlatformId: refund.order_id ?? orderPlatformId,
    amountMinor: transactions.length > 0 ? fromTransactions : fromLines,
    refundedAt: time(refund.processed_at) ?? time(refund.created_at) ?? fallbackTime,
    lines: (refund.refund_line_items ?? []).filter((l) => l.line_item_id !== null).map((l) => ({ linePlatformId: l.line_item_id!, quantity: l.quantity ?? 0 })),
  };
}

/** An order line: its unit price, and its total net of the line's discount. */
export function restLine(line: z.infer<typeof RestLineSchema>, currency: string): OrderLineUpsert {
  const price = restMinor(line.price, currency);
  return {
    platformId: line.id,
    productPlatformId: line.product_id,
    variantPlatformId: line.variant_id,
    productType: line.product_type ?? null,
    title: line.title ?? line.name ?? null,
    quantity: line.quantity,
    priceMinor: price,
    totalMinor: price * line.quantity - restMinor(line.total_discount, currency),
  };
}
