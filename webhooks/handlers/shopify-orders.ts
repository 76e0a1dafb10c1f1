import { and, eq } from "drizzle-orm";
import { orders } from "../../db/schema";
import {
  OrderDeletePayloadSchema,
  ShopifyCheckoutSchema,
  ShopifyOrderSchema,
  ShopifyRefundSchema,
  shopifyCheckoutUpsert,
  shopifyOrderUpsert,
  shopifyRefundUpsert,
} from "../../app/platforms/shopify/orders";
import { applyCheckoutUpsert } from "../../app/sync/checkouts.server";
import { applyOrderDelete, applyOrderUpsert, applyRefund, NotYetKnownError } from "../../app/sync/orders.server";
import { parseWith, type TopicHandler } from "../handler";
import { orderNotices } from "./notices";

/** orders/create, orders/updated, orders/paid, orders/cancelled, orders/fulfilled: the whole order each time. */
export const orderUpsert: TopicHandler = (ctx) => {
  const order = shopifyOrderUpsert(parseWith(ShopifyOrderSchema, ctx), ctx.triggeredAt, ctx.receivedAt);
  return orderNotices(applyOrderUpsert(ctx.db, { shopId: ctx.shopId, order, now: ctx.now }), ctx.topic);
};

export const orderDelete: TopicHandler = (ctx) => {
  const { id } = parseWith(OrderDeletePayloadSchema, ctx);
  return orderNotices(applyOrderDelete(ctx.db, { shopId: ctx.shopId, platformId: id, at: ctx.triggeredAt ?? ctx.receivedAt, now: ctx.now }), ctx.topic);
};

/** refunds/create: retried until its order has arrived. */
export const refundCreate: TopicHandler = (ctx) => {
  const payload = parseWith(ShopifyRefundSchema, ctx);
  const order = ctx.db.select({ currency: orders.currency }).from(orders).where(and(eq(orders.shopId, ctx.shopId), eq(orders.platformId, payload.order_id))).get();
  if (!order) throw new NotYetKnownError(`order ${payload.order_id} of refund ${payload.id} has not arrived yet`);
  const refund = shopifyRefundUpsert(payload, order.currency, ctx.triggeredAt ?? ctx.receivedAt);
  return orderNotices(applyRefund(ctx.db, { shopId: ctx.shopId, refund }), ctx.topic);
};

/** checkouts/create, checkouts/update: stored; abandonment is decided later by a timer. */
export const checkoutUpsert: TopicHandler = (ctx) => {
  applyCheckoutUpsert(ctx.db, { shopId: ctx.shopId, checkout: shopifyCheckoutUpsert(parseWith(ShopifyCheckoutSchema, ctx), ctx.triggeredAt, ctx.receivedAt) });
  return [];
};
