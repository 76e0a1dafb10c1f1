import type { ShoplineTopic } from "../../app/platforms/shopline/config.server";
import { ShoplineCustomerDeleteSchema, ShoplineCustomerSchema, shoplineCustomerUpsert } from "../../app/platforms/shopline/customers";
import { ShoplineOrderSchema, shoplineOrderCurrency, shoplineOrderUpsert } from "../../app/platforms/shopline/orders";
import { applyContactDelete, applyContactUpsert } from "../../app/sync/contacts.server";
import { applyOrderUpsert } from "../../app/sync/orders.server";
import { InvalidPayloadError, parseWith, type TopicHandler } from "../handler";
import { contactNotices, orderNotices } from "./notices";
import { shoplineAppInstallation } from "./shopline-app";
import { shoplineCustomersRedact, shoplineMerchantsRedact } from "./shopline-compliance";
import { shoplineMerchantsUpdate } from "./shopline-store";

/**
 * SHOPLINE topics → the same apply functions the Shopify handlers use (app/sync/*), through the
 * SHOPLINE adapters. The privacy topics (customers/redact, merchants/redact) are in
 * ./shopline-compliance.ts, the app's install status (apps/installed_uninstalled) in ./shopline-app.ts, the store's own facts
 * (merchants/update) in ./shopline-store.ts.
 */

/** customers/create, customers/update: profile, consent and (when sent) tags. */
export const shoplineCustomerUpsertHandler: TopicHandler = (ctx) => {
  const customer = parseWith(ShoplineCustomerSchema, ctx);
  const upsert = shoplineCustomerUpsert(customer, ctx.triggeredAt, ctx.receivedAt);
  return contactNotices(applyContactUpsert(ctx.db, { shopId: ctx.shopId, upsert, now: ctx.now }), ctx.topic);
};

/** customers/delete: a tombstone; the contact leaves every segment. */
export const shoplineCustomerDeleteHandler: TopicHandler = (ctx) => {
  const { id } = parseWith(ShoplineCustomerDeleteSchema, ctx);
  return contactNotices(applyContactDelete(ctx.db, { shopId: ctx.shopId, platformId: id, at: ctx.triggeredAt ?? ctx.receivedAt, now: ctx.now }), ctx.topic);
};

/** orders/create, orders/update(d), orders/paid, orders/cancelled: the whole order each time. */
export const shoplineOrderUpsertHandler: TopicHandler = (ctx) => {
  const payload = parseWith(ShoplineOrderSchema, ctx);
  if (!shoplineOrderCurrency(payload)) throw new InvalidPayloadError(`${ctx.topic} payload is not valid: the order has no currency`);
  const order = shoplineOrderUpsert(payload, ctx.triggeredAt, ctx.receivedAt);
  return orderNotices(applyOrderUpsert(ctx.db, { shopId: ctx.shopId, order, now: ctx.now }), ctx.topic);
};

/** Register as `HANDLERS.shopline` in webhooks/registry.ts. */
export const SHOPLINE_HANDLERS: Partial<Record<ShoplineTopic, TopicHandler>> = {
  "apps/installed_uninstalled": shoplineAppInstallation,
  "merchants/update": shoplineMerchantsUpdate,
  "customers/create": shoplineCustomerUpsertHandler,
  "customers/update": shoplineCustomerUpsertHandler,
  "customers/delete": shoplineCustomerDeleteHandler,
  "orders/create": shoplineOrderUpsertHandler,
  "orders/update": shoplineOrderUpsertHandler,
  "orders/updated": shoplineOrderUpsertHandler,
  "orders/paid": shoplineOrderUpsertHandler,
  "orders/cancelled": shoplineOrderUpsertHandler,
  "customers/redact": shoplineCustomersRedact,
  "merchants/redact": shoplineMerchantsRedact,
};
