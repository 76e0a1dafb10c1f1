import { EVENT_SOURCES, EVENT_TYPES, type EventSourceName, type EventTypeName } from "../enums";
import { DAY_MS, YEAR_MS, type SeedContext } from "./context";

const INSERT_EVENT = `INSERT INTO events (shop_id, contact_id, type, subject_id, detail_id, value, occurred_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_CHECKOUT = `INSERT INTO checkouts (shop_id, platform_id, contact_id, email, total_minor, currency, started_at, source_updated_at, completed_at, abandoned_at)
  VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`;
const HOUR_MS = 3_600_000;

/**
 * A year of behaviour per contact: storefront sessions (page and product views, add to cart,
 * checkouts — 45% of them abandoned), the email funnel of the weekly campaigns (sent → opened →
 * clicked, coupons), monthly SMS, unsubscribes and bounces, and cancelled subscriptions.
 * Engaged contacts (30%) browse five times as often.
 */
export function generateEvents(ctx: SeedContext): { events: number; checkouts: number } {
  const { writer, random, shopId, anchor, currency } = ctx;
  const facts = ctx.contacts;
  const yearAgo = anchor - YEAR_MS;
  let events = 0;
  let checkouts = 0;

  for (let i = 0; i < facts.ids.length; i++) {
    const contactId = facts.ids[i];
    const engaged = facts.engaged[i] === 1;
    const from = Math.max(facts.createdAt[i], yearAgo);
    const emit = (type: EventTypeName, at: number, source: EventSourceName, subject: number | null = null, detail: number | null = null, value: number | null = null) => {
      if (at > anchor) return;
      writer.insert(INSERT_EVENT, [shopId, contactId, EVENT_TYPES[type], subject, detail, value, Math.round(at), EVENT_SOURCES[source]]);
      events++;
    };

    // storefront sessions
    const sessions = random.poisson(((engaged ? 10 : 2) * (anchor - from)) / YEAR_MS);
    for (let s = 0; s < sessions; s++) {
      let at = from + random.float() * (anchor - from);
      const step = () => (at += random.int(20, 240) * 1000);
      const pages = random.int(1, 3);
      for (let p = 0; p < pages; p++) emit("page_viewed", step(), "pixel");
      if (random.chance(0.3)) emit("collection_viewed", step(), "pixel", random.pick(ctx.collectionIds));
      const views = random.weighted([[0, 2], [1, 4], [2, 3], [3, 1]] as const);
      for (let v = 0; v < views; v++) {
        const product = ctx.products[ctx.productPopularity.sample(random)];
        emit("product_viewed", step(), "pixel", product.id);
        if (random.chance(0.12)) {
          emit("added_to_cart", step(), "pixel", product.id, null, product.priceMinor);
          if (random.chance(0.5)) {
            const started = step();
            const abandoned = random.chance(0.45);
            if (started > anchor) continue;
            const completedAt = abandoned ? null : Math.min(anchor, started + random.int(2, 15) * 60_000);
            const abandonedAt = abandoned && started + HOUR_MS <= anchor ? started + HOUR_MS : null;
            const checkoutId = writer.insert(INSERT_CHECKOUT, [
              shopId, `seed-${contactId}-${s}-${v}`, contactId, product.priceMinor, currency, Math.round(started),
              Math.round(started), completedAt === null ? null : Math.round(completedAt), abandonedAt === null ? null : Math.round(abandonedAt),
            ]);
            checkouts++;
            emit("checkout_started", started, "pixel", checkoutId, null, product.priceMinor);
            if (completedAt !== null) emit("checkout_completed", completedAt, "pixel", checkoutId, null, product.priceMinor);
            if (abandonedAt !== null) emit("checkout_abandoned", abandonedAt, "webhook", checkoutId, null, product.priceMinor);
          }
        }
      }
    }

    // email funnel: a quarter of the weekly campaigns reach each contact who could receive them
    const state = facts.emailState[i];
    const consentAt = facts.emailConsentAt[i];
    if (state === "subscribed" || state === "unsubscribed") {
      for (const campaign of ctx.emailCampaigns) {
        if (campaign.sentAt < facts.createdAt[i] || !random.chance(0.25)) continue;
        if (state === "unsubscribed" && campaign.sentAt >= consentAt) continue;
        const sentAt = campaign.sentAt + random.int(0, 1800) * 1000;
        emit("email_sent", sentAt, "message", campaign.id);
        if (campaign.couponId !== null && random.chance(0.5)) emit("coupon_received", sentAt, "message", campaign.couponId, campaign.id);
        if (random.chance(engaged ? 0.45 : 0.15)) {
          const openedAt = sentAt + random.int(5, 2 * 24 * 60) * 60_000;
          emit("email_opened", openedAt, "message", campaign.id);
          if (random.chance(0.3)) {
            emit("email_clicked", openedAt + random.int(10, 300) * 1000, "message", campaign.id);
            if (campaign.couponId !== null && random.chance(0.5)) emit("coupon_clicked", openedAt + 400_000, "message", campaign.couponId, campaign.id);
          }
        }
      }
      if (state === "unsubscribed" && consentAt >= yearAgo) emit("email_unsubscribed", consentAt, "message", ctx.emailCampaigns[0].id);
    }
    if (facts.emailBounced[i] === 1) emit("email_bounced", Math.max(from, anchor - random.int(1, 300) * DAY_MS), "message", random.pick(ctx.emailCampaigns).id);

    if (facts.smsSubscribed[i] === 1) {
      for (const campaign of ctx.smsCampaigns) {
        if (campaign.sentAt < facts.createdAt[i] || !random.chance(0.5)) continue;
        const sentAt = campaign.sentAt + random.int(0, 600) * 1000;
        emit("sms_sent", sentAt, "message", campaign.id);
        if (random.chance(engaged ? 0.2 : 0.06)) emit("sms_clicked", sentAt + random.int(1, 120) * 60_000, "message", campaign.id);
      }
    }

    if (facts.subscriptionCancelled[i] === 1) emit("subscription_cancelled", from + random.float() * (anchor - from), "import");
  }
  return { events, checkouts };
}
