import { ATTRIBUTES, CAMPAIGN_THEMES, COLLECTIONS, COUPONS, IMPORT_TAGS, PLATFORM_TAGS, POPUP_TAGS, PRODUCT_ADJECTIVES, PRODUCT_TAGS, PRODUCT_TYPES } from "./reference-data";
import { DAY_MS, type SeedContext } from "./context";
import { SeededRandom, ZipfSampler } from "./random";

/** Categories (product types and collections) and products with Zipf popularity. */
export function generateCatalog(ctx: SeedContext): void {
  const { writer, random, shopId, anchor } = ctx;
  const created = anchor - 3 * 365 * DAY_MS;
  const insertCategory = `INSERT INTO categories (shop_id, kind, platform_id, name, created_at) VALUES (?, ?, ?, ?, ?)`;
  const typeIds = PRODUCT_TYPES.map((t) => writer.insert(insertCategory, [shopId, "product_type", null, t.name, created]));
  ctx.collectionIds = COLLECTIONS.map((name, i) =>
    writer.insert(insertCategory, [shopId, "collection", String(4_000_000_000 + i), name, created]),
  );

  const productCount = Math.max(60, Math.round(120 * Math.pow(ctx.scale, 0.6)));
  const typeWeights = PRODUCT_TYPES.map((t, i) => [i, t.weight] as const);
  for (let j = 0; j < productCount; j++) {
    const typeIndex = random.weighted(typeWeights);
    const type = PRODUCT_TYPES[typeIndex];
    const title = `${random.pick(PRODUCT_ADJECTIVES)} ${random.pick(type.nouns)}${j >= 100 ? ` ${j}` : ""}`;
    const priceMinor = random.int(type.price[0], type.price[1]) * 100 - (random.chance(0.6) ? 1 : 0);
    const platformId = String(8_000_000_000_000 + j);
    const id = writer.insert(
      `INSERT INTO products (shop_id, platform_id, title, handle, product_type, vendor, price_minor, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [shopId, platformId, title, title.toLowerCase().replace(/\W+/g, "-"), type.name, "Demo Outfitters", priceMinor, created, created],
    );
    ctx.products.push({ id, priceMinor, title, platformId });
    const link = `INSERT INTO product_categories (category_id, product_id, shop_id) VALUES (?, ?, ?)`;
    writer.insert(link, [typeIds[typeIndex], id, shopId]);
    const collectionCount = random.weighted([[0, 3], [1, 5], [2, 2]] as const);
    const chosen = new Set<number>();
    for (let c = 0; c < collectionCount; c++) chosen.add(random.int(0, ctx.collectionIds.length - 1));
    for (const c of chosen) writer.insert(link, [ctx.collectionIds[c], id, shopId]);
  }
  ctx.productPopularity = new ZipfSampler(ctx.products.length, 1.07);
  generateProductTags(ctx, created);
}

/**
 * Product tags (categories of kind `tag`): a few per product from their own random stream, so the
 * rest of the store is the same as before tags existed. The two most popular products carry the
 * tags Shopify's documentation uses ("Sports wear", "Red hats").
 */
function generateProductTags(ctx: SeedContext, created: number): void {
  const { writer, shopId } = ctx;
  const random = new SeededRandom(0x7a6 + ctx.products.length * 31 + shopId);
  const tagIds = PRODUCT_TAGS.map((name) => writer.insert(`INSERT INTO categories (shop_id, kind, platform_id, name, created_at) VALUES (?, 'tag', NULL, ?, ?)`, [shopId, name, created]));
  ctx.products.forEach((product, j) => {
    const chosen = new Set<number>(PRODUCT_TAGS.flatMap((_, t) => (random.chance(0.18) ? [t] : [])));
    if (j < 2) chosen.add(j);
    for (const t of chosen) writer.insert(`INSERT INTO product_categories (category_id, product_id, shop_id) VALUES (?, ?, ?)`, [tagIds[t], product.id, shopId]);
  });
}

/** Coupons, a year of sent email (weekly) and SMS (monthly) campaigns, attributes and the tag dictionary. */
export function generateMarketing(ctx: SeedContext): void {
  const { writer, random, shopId, anchor } = ctx;
  ctx.coupons = COUPONS.map((c) => ({
    id: writer.insert(`INSERT INTO coupons (shop_id, code, description, created_at) VALUES (?, ?, ?, ?)`, [
      shopId, c.code, c.description, anchor - 400 * DAY_MS,
    ]),
    code: c.code,
    percentOff: Number(/(\d+)%/.exec(c.description)?.[1] ?? 10),
  }));

  const insertCampaign = `INSERT INTO campaigns (shop_id, name, channel, status, subject, body, coupon_id, scheduled_at, started_at, finished_at, audience_count, created_at, updated_at)
    VALUES (?, ?, ?, 'sent', ?, ?, ?, ?, ?, ?, NULL, ?, ?)`;
  for (let week = 52; week >= 1; week--) {
    const sentAt = anchor - week * 7 * DAY_MS + 10 * 3_600_000;
    const theme = CAMPAIGN_THEMES[week % CAMPAIGN_THEMES.length];
    const coupon = week % 4 === 0 ? random.pick(ctx.coupons) : null;
    const name = `${theme} — week ${53 - week}`;
    const id = writer.insert(insertCampaign, [
      shopId, name, "email", `${theme}${coupon ? `: ${coupon.code} inside` : ""}`, `Hi {{first_name}}, ${theme.toLowerCase()} is here.`,
      coupon?.id ?? null, sentAt, sentAt, sentAt + 1_800_000, sentAt - 2 * DAY_MS, sentAt + 1_800_000,
    ]);
    ctx.emailCampaigns.push({ id, sentAt, couponId: coupon?.id ?? null });
  }
  for (let month = 12; month >= 1; month--) {
    const sentAt = anchor - month * 30 * DAY_MS + 15 * 3_600_000;
    const id = writer.insert(insertCampaign, [
      shopId, `SMS flash sale — month ${13 - month}`, "sms", null, "Flash sale today only: {{link}}", null,
      sentAt, sentAt, sentAt + 600_000, sentAt - DAY_MS, sentAt + 600_000,
    ]);
    ctx.smsCampaigns.push({ id, sentAt });
  }

  for (const attribute of ATTRIBUTES) {
    ctx.attributeIds.set(
      attribute.key,
      writer.insert(`INSERT INTO attribute_definitions (shop_id, key, label, type, source, created_at) VALUES (?, ?, ?, ?, ?, ?)`, [
        shopId, attribute.key, attribute.label, attribute.type, attribute.source, anchor - 400 * DAY_MS,
      ]),
    );
  }
  const tagNames = [...PLATFORM_TAGS.map(([name]) => name), ...IMPORT_TAGS, ...POPUP_TAGS];
  for (const name of tagNames) {
    ctx.tagIds.set(
      name,
      writer.insert(`INSERT INTO tags (shop_id, name, name_key, created_at) VALUES (?, ?, ?, ?)`, [
        shopId, name, name.toLowerCase(), anchor - 400 * DAY_MS,
      ]),
    );
  }
}
