import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";
import { events } from "../../db/schema";
import {
  CustomerDeletePayloadSchema,
  EmailConsentPayloadSchema,
  ShopifyCustomerSchema,
  SmsConsentPayloadSchema,
  TagsPayloadSchema,
  shopifyCustomerUpsert,
  shopifyEmailConsentUpsert,
  shopifySmsConsentUpsert,
  shopifyTagDelta,
} from "../../app/platforms/shopify/customers";
import { versionTime } from "../../app/platforms/types";
import { applyContactDelete, applyContactUpsert } from "../../app/sync/contacts.server";
import { applyTagDelta } from "../../app/sync/tags.server";
import { parseWith, type TopicHandler } from "../handler";
import { contactNotices } from "./notices";

/** customers/create, customers/update, customers/enable, customers/disable. */
export const customerUpsert: TopicHandler = (ctx) => {
  const customer = parseWith(ShopifyCustomerSchema, ctx);
  return contactNotices(applyContactUpsert(ctx.db, { shopId: ctx.shopId, upsert: shopifyCustomerUpsert(customer, ctx.triggeredAt, ctx.receivedAt), now: ctx.now }), ctx.topic);
};

/** customers/delete: a tombstone; the contact leaves every segment. */
export const customerDelete: TopicHandler = (ctx) => {
  const { id } = parseWith(CustomerDeletePayloadSchema, ctx);
  return contactNotices(applyContactDelete(ctx.db, { shopId: ctx.shopId, platformId: id, at: ctx.triggeredAt ?? ctx.receivedAt, now: ctx.now }), ctx.topic);
};

export const emailConsentUpdate: TopicHandler = (ctx) => {
  const payload = parseWith(EmailConsentPayloadSchema, ctx);
  return contactNotices(applyContactUpsert(ctx.db, { shopId: ctx.shopId, upsert: shopifyEmailConsentUpsert(payload, ctx.triggeredAt, ctx.receivedAt), now: ctx.now }), ctx.topic, "consent");
};

export const smsConsentUpdate: TopicHandler = (ctx) => {
  const payload = parseWith(SmsConsentPayloadSchema, ctx);
  return contactNotices(applyContactUpsert(ctx.db, { shopId: ctx.shopId, upsert: shopifySmsConsentUpsert(payload, ctx.triggeredAt, ctx.receivedAt), now: ctx.now }), ctx.topic, "consent");
};

/**
 * customer.tags_added / customer.tags_removed. Tags that a subscription app uses to mark
 * subscribers (shop settings) also become "subscription started/cancelled" events.
 */
function tagsHandler(added: boolean): TopicHandler {
  return (ctx) => {
    const delta = shopifyTagDelta(parseWith(TagsPayloadSchema, ctx), added, ctx.triggeredAt, ctx.receivedAt);
    const contact = applyContactUpsert(ctx.db, { shopId: ctx.shopId, upsert: { platformId: delta.platformId, version: delta.version }, now: ctx.now });
    if (contact.contactId === null || contact.gone) return []; // a deleted or redacted contact takes no tags
    const at = versionTime(delta.version);
    const changed = applyTagDelta(ctx.db, { shopId: ctx.shopId, contactId: contact.contactId, added: delta.added, removed: delta.removed, at, source: "platform" });
    const eventTypes: number[] = [];
    if (changed && added) {
      const lower = new Set((delta.added ?? []).map((t) => t.toLowerCase()));
      const matches = (names: string[]) => names.some((n) => lower.has(n.toLowerCase()));
      if (matches(ctx.settings.subscriptionTags.cancelled)) eventTypes.push(EVENT_TYPES.subscription_cancelled);
      if (matches(ctx.settings.subscriptionTags.started)) eventTypes.push(EVENT_TYPES.subscription_started);
      for (const type of eventTypes) {
        ctx.db.insert(events).values({ shopId: ctx.shopId, contactId: contact.contactId, type, occurredAt: at, source: EVENT_SOURCES.webhook }).run();
      }
    }
    if (!changed && !contact.created) return [];
    return [{
      contactIds: [contact.contactId],
      change: contact.created ? { everything: true } : { tags: true, events: eventTypes.map((type) => ({ type })) },
      cause: "event",
      causeDetail: ctx.topic,
    }];
  };
}
export const tagsAdded = tagsHandler(true);
export const tagsRemoved = tagsHandler(false);
