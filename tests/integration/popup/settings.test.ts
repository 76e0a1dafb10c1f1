import { describe, expect, it } from "vitest";
import { saveSettingsSection } from "../../../app/settings/settings-page.server";
import { readShopSettings } from "../../../app/settings/shop-settings";
import { createShop } from "../../factories/store";
import { createTestDb } from "../../helpers/test-db";

describe("Settings → Signup popup", () => {
  const db = createTestDb();
  const shop = createShop(db);
  const save = (form: Record<string, string>) => saveSettingsSection(db, { shopId: shop.id, intent: "popup", form: { intent: "popup", ...form }, demo: true, now: 1 });
  const stored = () => readShopSettings(db.$client.prepare(`SELECT settings FROM shops WHERE id = ?`).pluck().get(shop.id) as string).popup;

  it("starts with single opt-in, the popup-signup tag and no block tags", () => {
    expect(stored()).toEqual({ doubleOptIn: false, tags: ["popup-signup"], blockTags: [] });
  });

  it("saves double opt-in and the two tag lists, read as comma-separated text", () => {
    expect(save({ doubleOptIn: "on", tags: "popup-signup, newsletter ", blockTags: "Spring sale,, Summer" })).toEqual({ ok: true, message: "Signup popup saved" });
    expect(stored()).toEqual({ doubleOptIn: true, tags: ["popup-signup", "newsletter"], blockTags: ["Spring sale", "Summer"] });
  });

  it("refuses a tag Shopify would not take, naming it, and keeps what was saved", () => {
    const long = "x".repeat(41);
    expect(save({ doubleOptIn: "off", tags: `ok, ${long}`, blockTags: "<b>" })).toEqual({
      ok: false,
      errors: { tags: `"${long}": Tags are at most 40 characters`, blockTags: '"<b>": Tags cannot contain commas or angle brackets' },
    });
    expect(stored().doubleOptIn).toBe(true);
  });
});
