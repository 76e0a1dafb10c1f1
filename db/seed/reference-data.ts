/**
 * Fixed reference data for the generated store: where contacts live (with IANA zones and languages),
 * what the shop sells, and the tags, attributes, campaigns and coupons a real store would have.
 */

export type Place = { region: string; city: string; timeZone: string; zip: string };
export type Country = {
  code: string;
  weight: number;
  dialCode: string;
  languages: [string, number][];
  emailDomains: string[];
  places: Place[];
};

export const COUNTRIES: Country[] = [
  {
    code: "US",
    weight: 38,
    dialCode: "+1",
    languages: [["en", 0.92], ["es", 0.08]],
    emailDomains: ["gmail.com", "yahoo.com", "outlook.com", "icloud.com"],
    places: [
      { region: "NY", city: "New York", timeZone: "America/New_York", zip: "100" },
      { region: "FL", city: "Miami", timeZone: "America/New_York", zip: "331" },
      { region: "IL", city: "Chicago", timeZone: "America/Chicago", zip: "606" },
      { region: "TX", city: "Austin", timeZone: "America/Chicago", zip: "787" },
      { region: "CO", city: "Denver", timeZone: "America/Denver", zip: "802" },
      { region: "CA", city: "Los Angeles", timeZone: "America/Los_Angeles", zip: "900" },
      { region: "WA", city: "Seattle", timeZone: "America/Los_Angeles", zip: "981" },
    ],
  },
  {
    code: "CA",
    weight: 8,
    dialCode: "+1",
    languages: [["en", 0.75], ["fr", 0.25]],
    emailDomains: ["gmail.com", "outlook.com", "yahoo.ca"],
    places: [
      { region: "ON", city: "Toronto", timeZone: "America/Toronto", zip: "M5V" },
      { region: "QC", city: "Montréal", timeZone: "America/Toronto", zip: "H2X" },
      { region: "BC", city: "Vancouver", timeZone: "America/Vancouver", zip: "V6B" },
    ],
  },
  {
    code: "GB",
    weight: 12,
    dialCode: "+44",
    languages: [["en", 1]],
    emailDomains: ["gmail.com", "hotmail.co.uk", "btinternet.com"],
    places: [
      { region: "ENG", city: "London", timeZone: "Europe/London", zip: "SW1" },
      { region: "ENG", city: "Manchester", timeZone: "Europe/London", zip: "M1" },
      { region: "SCT", city: "Edinburgh", timeZone: "Europe/London", zip: "EH1" },
    ],
  },
  {
    code: "DE",
    weight: 9,
    dialCode: "+49",
    languages: [["de", 0.95], ["en", 0.05]],
    emailDomains: ["gmx.de", "web.de", "gmail.com"],
    places: [
      { region: "BE", city: "Berlin", timeZone: "Europe/Berlin", zip: "101" },
      { region: "BY", city: "München", timeZone: "Europe/Berlin", zip: "803" },
      { region: "HH", city: "Hamburg", timeZone: "Europe/Berlin", zip: "203" },
    ],
  },
  {
    code: "FR",
    weight: 7,
    dialCode: "+33",
    languages: [["fr", 1]],
    emailDomains: ["orange.fr", "gmail.com", "free.fr"],
    places: [
      { region: "IDF", city: "Paris", timeZone: "Europe/Paris", zip: "750" },
      { region: "ARA", city: "Lyon", timeZone: "Europe/Paris", zip: "690" },
    ],
  },
  {
    code: "AU",
    weight: 6,
    dialCode: "+61",
    languages: [["en", 1]],
    emailDomains: ["gmail.com", "bigpond.com", "outlook.com"],
    places: [
      { region: "NSW", city: "Sydney", timeZone: "Australia/Sydney", zip: "200" },
      { region: "VIC", city: "Melbourne", timeZone: "Australia/Melbourne", zip: "300" },
      { region: "WA", city: "Perth", timeZone: "Australia/Perth", zip: "600" },
    ],
  },
  {
    code: "JP",
    weight: 5,
    dialCode: "+81",
    languages: [["ja", 0.9], ["en", 0.1]],
    emailDomains: ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
    places: [
      { region: "13", city: "Tokyo", timeZone: "Asia/Tokyo", zip: "100" },
      { region: "27", city: "Osaka", timeZone: "Asia/Tokyo", zip: "530" },
    ],
  },
  {
    code: "BR",
    weight: 5,
    dialCode: "+55",
    languages: [["pt-BR", 1]],
    emailDomains: ["gmail.com", "hotmail.com", "uol.com.br"],
    places: [
      { region: "SP", city: "São Paulo", timeZone: "America/Sao_Paulo", zip: "010" },
      { region: "RJ", city: "Rio de Janeiro", timeZone: "America/Sao_Paulo", zip: "200" },
    ],
  },
  {
    code: "NL",
    weight: 4,
    dialCode: "+31",
    languages: [["nl", 0.85], ["en", 0.15]],
    emailDomains: ["gmail.com", "ziggo.nl", "outlook.com"],
    places: [
      { region: "NH", city: "Amsterdam", timeZone: "Europe/Amsterdam", zip: "101" },
      { region: "ZH", city: "Rotterdam", timeZone: "Europe/Amsterdam", zip: "301" },
    ],
  },
  {
    code: "ES",
    weight: 4,
    dialCode: "+34",
    languages: [["es", 1]],
    emailDomains: ["gmail.com", "hotmail.es", "yahoo.es"],
    places: [
      { region: "MD", city: "Madrid", timeZone: "Europe/Madrid", zip: "280" },
      { region: "CT", city: "Barcelona", timeZone: "Europe/Madrid", zip: "080" },
    ],
  },
  {
    code: "MX",
    weight: 2,
    dialCode: "+52",
    languages: [["es", 1]],
    emailDomains: ["gmail.com", "hotmail.com", "prodigy.net.mx"],
    places: [{ region: "CMX", city: "Ciudad de México", timeZone: "America/Mexico_City", zip: "060" }],
  },
];

/** Product types (each a category) with a price range in major units. */
export const PRODUCT_TYPES: { name: string; weight: number; price: [number, number]; nouns: string[] }[] = [
  { name: "Apparel", weight: 30, price: [18, 90], nouns: ["Tee", "Hoodie", "Jacket", "Shirt", "Sweater", "Dress"] },
  { name: "Footwear", weight: 12, price: [45, 180], nouns: ["Sneakers", "Boots", "Sandals", "Loafers"] },
  { name: "Accessories", weight: 14, price: [12, 70], nouns: ["Cap", "Scarf", "Belt", "Sunglasses", "Beanie"] },
  { name: "Bags", weight: 9, price: [35, 220], nouns: ["Backpack", "Tote", "Duffel", "Crossbody"] },
  { name: "Home", weight: 10, price: [15, 120], nouns: ["Candle", "Throw", "Mug", "Planter", "Cushion"] },
  { name: "Beauty", weight: 9, price: [9, 60], nouns: ["Serum", "Balm", "Cleanser", "Mist"] },
  { name: "Outdoor", weight: 7, price: [25, 260], nouns: ["Tent", "Bottle", "Headlamp", "Shell"] },
  { name: "Kids", weight: 5, price: [10, 55], nouns: ["Romper", "Onesie", "Sneakers", "Hat"] },
  { name: "Fitness", weight: 4, price: [15, 140], nouns: ["Leggings", "Mat", "Shorts", "Bra"] },
];

export const COLLECTIONS = ["New arrivals", "Best sellers", "Summer edit", "Winter edit", "Sale", "Eco line"];

/** B2B companies some contacts buy for. */
export const COMPANIES = ["Northwind Traders", "Acme Outfitting", "Blue Harbor Hotels", "Summit Gyms", "Greenleaf Schools"];

/** Product tags; the first two are the ones Shopify's segment documentation filters on. */
export const PRODUCT_TAGS = ["Sports wear", "Red hats", "Gift idea", "Organic", "Limited edition", "Clearance"];

/** Adjectives for product titles (the noun comes from the product type). */
export const PRODUCT_ADJECTIVES = [
  "Classic", "Everyday", "Organic", "Alpine", "Coastal", "Urban", "Heritage", "Featherweight", "Merino",
  "Recycled", "Canvas", "Linen", "Cozy", "Trail", "Studio", "Vintage", "Essential", "Midnight", "Sunset", "Harbor",
];

/** Platform (admin) tags with the share of contacts holding them. */
export const PLATFORM_TAGS: [string, number][] = [
  ["newsletter", 0.22],
  ["repeat-customer", 0.12],
  ["wholesale", 0.03],
  ["influencer", 0.01],
  ["staff", 0.004],
  ["vip", 0],
  ["subscription-active", 0],
  ["subscription-cancelled", 0],
];
export const IMPORT_TAGS = ["trade-show-2025", "wholesale-list", "retail-partners"];
export const POPUP_TAGS = ["welcome-10", "exit-intent", "birthday-club"];

export const ATTRIBUTES = [
  { key: "loyalty_points", label: "Loyalty points", type: "number" as const, source: "metafield:loyalty.points" },
  { key: "preferred_size", label: "Preferred size", type: "text" as const, source: "popup" },
  { key: "is_wholesale", label: "Wholesale account", type: "boolean" as const, source: "import" },
  { key: "last_survey_at", label: "Last survey answered", type: "date" as const, source: "import" },
];
export const SIZES = ["XS", "S", "M", "L", "XL"];

export const COUPONS = [
  { code: "WELCOME10", description: "10% off the first order" },
  { code: "SPRING15", description: "15% off spring collection" },
  { code: "SUMMER20", description: "20% off summer edit" },
  { code: "BFCM25", description: "25% off Black Friday" },
  { code: "WINBACK15", description: "15% off for lapsed customers" },
  { code: "VIP20", description: "20% off for VIP customers" },
];

export const CAMPAIGN_THEMES = [
  "New arrivals", "Weekend sale", "Style guide", "Back in stock", "Members' preview", "Seasonal edit",
  "Gift guide", "Last chance", "Community stories", "Care tips",
];
