import { DAY_MS, YEAR_MS, type SeedContext } from "./context";

const INSERT_ORDER = `INSERT INTO orders (shop_id, platform_id, contact_id, name, currency, total_minor, subtotal_minor, discount_minor,
  refunded_minor, financial_status, fulfillment_status, discount_codes, checkout_token, placed_at, cancelled_at, source_updated_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_LINE = `INSERT INTO order_lines (shop_id, order_id, contact_id, product_id, platform_id, platform_product_id, platform_variant_id,
  title, quantity, refunded_quantity, price_minor, total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_REFUND = `INSERT INTO refunds (shop_id, order_id, platform_id, amount_minor, lines, refunded_at) VALUES (?, ?, ?, ?, ?, ?)`;

/**
 * Exactly `3 × contacts` orders over the last two years: every buyer has at least one, the rest
 * are shared out by each buyer's log-normal weight (a heavy tail of big spenders). Orders are
 * written in time order, numbered #1001…, with 1–4 lines, some discount codes, 3% cancelled and
 * ~5% partly refunded.
 */
export function generateOrders(ctx: SeedContext): { orders: number; lines: number; refunds: number } {
  const { writer, random, shopId, anchor, currency } = ctx;
  const facts = ctx.contacts;
  const n = facts.ids.length;
  const buyers: number[] = [];
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    if (facts.buyerWeight[i] > 0) {
      buyers.push(i);
      totalWeight += facts.buyerWeight[i];
    }
  }
  const target = 3 * n;
  const extra = Math.max(0, target - buyers.length);
  const perBuyer = buyers.map((i) => 1 + Math.floor((extra * facts.buyerWeight[i]) / totalWeight));
  let assigned = perBuyer.reduce((a, b) => a + b, 0);
  for (let b = 0; assigned < target && buyers.length > 0; b = (b + 1) % buyers.length, assigned++) perBuyer[b]++;

  // plan (contact, time) for every order, then write them in time order
  const planContact = new Int32Array(assigned);
  const planTime = new Float64Array(assigned);
  let k = 0;
  const twoYearsAgo = anchor - 2 * YEAR_MS;
  buyers.forEach((i, b) => {
    const from = Math.max(facts.createdAt[i], twoYearsAgo);
    for (let o = 0; o < perBuyer[b]; o++) {
      planContact[k] = i;
      planTime[k] = Math.round(from + random.float() * (anchor - from));
      k++;
    }
  });
  const order = Array.from({ length: k }, (_, x) => x).sort((a, b) => planTime[a] - planTime[b] || a - b);

  let lines = 0;
  let refunds = 0;
  order.forEach((plan, position) => {
    const i = planContact[plan];
    const contactId = facts.ids[i];
    const placedAt = planTime[plan];
    const big = facts.buyerWeight[i] > 6;
    const lineCount = random.weighted([[1, 50], [2, 30], [3, 15], [4, 5]] as const) + (big && random.chance(0.5) ? 1 : 0);
    const items: { productIndex: number; quantity: number }[] = [];
    for (let l = 0; l < lineCount; l++) {
      items.push({
        productIndex: ctx.productPopularity.sample(random),
        quantity: random.weighted([[1, 85], [2, 12], [3, 3]] as const) + (big ? random.int(0, 2) : 0),
      });
    }
    const subtotal = items.reduce((sum, it) => sum + ctx.products[it.productIndex].priceMinor * it.quantity, 0);
    const coupon = random.chance(0.12) ? random.pick(ctx.coupons) : null;
    const discount = coupon ? Math.round((subtotal * coupon.percentOff) / 100) : 0;
    const total = subtotal - discount;
    const cancelled = random.chance(0.03);
    const refundLine = !cancelled && random.chance(0.05) ? random.int(0, items.length - 1) : -1;
    const refundAmount = refundLine >= 0 ? ctx.products[items[refundLine].productIndex].priceMinor * items[refundLine].quantity : 0;
    const financial = cancelled ? "voided" : refundLine >= 0 ? (items.length === 1 ? "refunded" : "partially_refunded") : "paid";
    const fulfilled = !cancelled && anchor - placedAt > 3 * DAY_MS ? "fulfilled" : null;
    const platformId = String(5_000_000_000_000 + position);
    const orderId = writer.insert(INSERT_ORDER, [
      shopId, platformId, contactId, `#${1001 + position}`, currency, total, subtotal, discount, 0,
      financial, fulfilled, coupon ? JSON.stringify([coupon.code]) : null, null, placedAt,
      cancelled ? Math.min(anchor, placedAt + random.int(1, 48) * 3_600_000) : null, placedAt, placedAt, placedAt,
    ]);
    items.forEach((item, l) => {
      const product = ctx.products[item.productIndex];
      writer.insert(INSERT_LINE, [
        shopId, orderId, contactId, product.id, `${platformId}${l}`, product.platformId, `${product.platformId}1`,
        product.title, item.quantity, 0, product.priceMinor, product.priceMinor * item.quantity,
      ]);
      lines++;
    });
    if (refundLine >= 0) {
      const refundedLines = JSON.stringify([{ linePlatformId: `${platformId}${refundLine}`, quantity: items[refundLine].quantity }]);
      writer.insert(INSERT_REFUND, [shopId, orderId, `9${platformId}`, Math.min(refundAmount, total), refundedLines, Math.min(anchor, placedAt + random.int(2, 20) * DAY_MS)]);
      refunds++;
    }
  });
  return { orders: order.length, lines, refunds };
}
