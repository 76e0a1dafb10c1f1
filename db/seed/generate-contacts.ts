import { COUNTRIES, IMPORT_TAGS, PLATFORM_TAGS, POPUP_TAGS, SIZES, type Country } from "./reference-data";
import { DAY_MS, YEAR_MS, type SeedContext } from "./context";
import type { SeededRandom } from "./random";

const CONTACT_COLUMNS = [
  "shop_id", "platform_id", "email", "phone", "first_name", "last_name", "gender", "country_code", "region_code",
  "city", "zip", "birthday", "birthday_md", "language", "time_zone", "registration_source", "account_state",
  "is_member", "email_consent", "email_consent_at", "email_opt_in_level", "sms_consent", "sms_consent_at",
  "email_validity", "email_validity_at", "phone_validity", "phone_validity_at", "created_at", "profile_source_at",
  "tags_source_at", "email_consent_source_at", "sms_consent_source_at", "updated_at",
] as const;
const INSERT_CONTACT = `INSERT INTO contacts (${CONTACT_COLUMNS.join(", ")}) VALUES (${CONTACT_COLUMNS.map(() => "?").join(", ")})`;
const INSERT_TAG = `INSERT INTO contact_tags (tag_id, contact_id, source, shop_id, added_at) VALUES (?, ?, ?, ?, ?)`;
const INSERT_ATTRIBUTE = `INSERT INTO contact_attributes (contact_id, attribute_id, shop_id, text_value, number_value, updated_at) VALUES (?, ?, ?, ?, ?, ?)`;

/** Plausible mobile numbers in E.164 for each country (national significant number lengths). */
const MOBILE_PATTERNS: Record<string, string> = {
  US: "2##555####", CA: "4##555####", GB: "7700######", DE: "15#########", FR: "6########", AU: "4########",
  JP: "90########", BR: "119########", NL: "6########", ES: "6########", MX: "55########",
};

function phoneFor(random: SeededRandom, country: Country): string {
  const pattern = MOBILE_PATTERNS[country.code] ?? "#########";
  return country.dialCode + pattern.replace(/#/g, () => String(random.int(0, 9)));
}

function ascii(text: string): string {
  return text.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
}

const countryWeights = COUNTRIES.map((c) => [c, c.weight] as const);

/** Contacts with their tags and custom attributes; records what later steps need in `ctx.contacts`. */
export function generateContacts(ctx: SeedContext, count: number): { tags: number; attributes: number } {
  const { writer, random, shopId, anchor } = ctx;
  const facts = ctx.contacts;
  let tagRows = 0;
  let attributeRows = 0;
  for (let i = 0; i < count; i++) {
    const country = random.weighted(countryWeights);
    const place = random.pick(country.places);
    const sex = random.chance(0.52) ? "female" : "male";
    const gender = random.weighted([[sex, 90], ["other", 3], [null, 7]] as const);
    const firstName = random.faker.person.firstName(sex);
    const lastName = random.faker.person.lastName();
    const createdAt = Math.round(anchor - 3 * YEAR_MS * Math.pow(random.float(), 1.6));
    const source = random.weighted([
      ["online_store", 44], ["checkout", 30], ["popup", 12], ["import", 8], ["pos", 4], ["admin", 2],
    ] as const);
    const capturedOnly = source === "popup" || source === "import";
    const isBuyer = random.chance(capturedOnly ? 0.4 : 0.8);
    const hasEmail = capturedOnly || random.chance(0.96);
    const email = hasEmail
      ? `${ascii(firstName)}.${ascii(lastName)}.${i.toString(36)}@${random.pick(country.emailDomains)}`
      : null;
    const hasPhone = !hasEmail || random.chance(0.55);
    const phone = hasPhone ? phoneFor(random, country) : null;
    const language = random.weighted(country.languages);
    const accountState = capturedOnly && !isBuyer
      ? null
      : random.weighted([["enabled", 35], ["disabled", 50], ["invited", 10], ["declined", 5]] as const);

    let emailState: string = "not_subscribed";
    if (hasEmail) {
      emailState = source === "popup"
        ? random.weighted([["subscribed", 88], ["pending", 8], ["unsubscribed", 4]] as const)
        : random.weighted([["subscribed", 50], ["not_subscribed", 31], ["unsubscribed", 14], ["pending", 4], ["invalid", 1]] as const);
    }
    const emailConsentAt = Math.round(createdAt + random.float() * (anchor - createdAt));
    const bounced = emailState !== "invalid" && hasEmail && random.chance(0.025);
    const emailValidity = emailState === "invalid" ? "invalid" : bounced ? "bounced" : random.chance(0.4) ? "valid" : "unknown";
    const smsState = hasPhone
      ? random.weighted([["subscribed", 35], ["not_subscribed", 45], ["unsubscribed", 15], ["pending", 5]] as const)
      : "not_subscribed";
    const phoneValidity = !hasPhone ? "unknown" : random.chance(0.02) ? "invalid" : random.chance(0.4) ? "valid" : "unknown";
    const hasBirthday = random.chance(0.65);
    const month = random.int(1, 12);
    const day = random.int(1, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]);
    const birthday = hasBirthday
      ? `${random.int(1955, 2007)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
      : null;

    const id = writer.insert(INSERT_CONTACT, [
      shopId, capturedOnly && !isBuyer ? null : String(7_000_000_000_000 + i), email, phone, firstName, lastName, gender,
      country.code, place.region, place.city, `${place.zip}${random.int(10, 99)}`, birthday, hasBirthday ? month * 100 + day : null,
      language, place.timeZone, source, accountState, accountState === "enabled" ? 1 : 0,
      emailState, hasEmail ? emailConsentAt : null, emailState === "subscribed" ? random.pick(["single_opt_in", "confirmed_opt_in"]) : null,
      smsState, hasPhone ? emailConsentAt : null,
      emailValidity, emailValidity === "unknown" ? null : emailConsentAt, phoneValidity, phoneValidity === "unknown" ? null : createdAt,
      createdAt, createdAt, createdAt, emailConsentAt, createdAt, anchor,
    ]);

    facts.ids[i] = id;
    facts.createdAt[i] = createdAt;
    facts.buyerWeight[i] = isBuyer ? Math.exp(1.6 * random.normal()) : 0;
    facts.engaged[i] = random.chance(0.3) ? 1 : 0;
    facts.emailState[i] = emailState;
    facts.emailConsentAt[i] = emailConsentAt;
    facts.emailBounced[i] = bounced ? 1 : 0;
    facts.smsSubscribed[i] = smsState === "subscribed" ? 1 : 0;

    const addTag = (name: string, tagSource: string) => {
      const tagId = ctx.tagIds.get(name);
      if (tagId === undefined) throw new Error(`unknown seed tag ${name}`);
      writer.insert(INSERT_TAG, [tagId, id, tagSource, shopId, Math.round(createdAt + DAY_MS)]);
      tagRows++;
    };
    for (const [name, share] of PLATFORM_TAGS) if (share > 0 && random.chance(share)) addTag(name, "platform");
    if (source === "import") addTag(random.pick(IMPORT_TAGS), "import");
    if (source === "popup" || random.chance(0.05)) addTag(random.pick(POPUP_TAGS), "popup");
    if (random.chance(0.08)) {
      const cancelled = random.chance(0.3);
      facts.subscriptionCancelled[i] = cancelled ? 1 : 0;
      addTag(cancelled ? "subscription-cancelled" : "subscription-active", "platform");
    }

    const addAttribute = (key: string, text: string | null, value: number | null) => {
      writer.insert(INSERT_ATTRIBUTE, [id, ctx.attributeIds.get(key), shopId, text, value, createdAt]);
      attributeRows++;
    };
    if (accountState === "enabled" && random.chance(0.8)) addAttribute("loyalty_points", null, Math.round(-800 * Math.log(1 - random.float())));
    if (random.chance(0.35)) addAttribute("preferred_size", random.pick(SIZES), null);
    if (source === "import") addAttribute("is_wholesale", null, random.chance(0.3) ? 1 : 0);
    if (random.chance(0.15)) addAttribute("last_survey_at", null, Math.round(anchor - random.float() * 2 * YEAR_MS));
  }
  return { tags: tagRows, attributes: attributeRows };
}
