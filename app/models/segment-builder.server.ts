import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.server";
import type { CategoryKind } from "../../db/enums";
import { contactDisplayName } from "../contacts/labels";
import { diffMembership } from "../membership/diff";
import { membersOf } from "../membership/store.server";
import { currencyExponent } from "../money/money";
import { builderCatalogue, type BuilderFamily } from "../segments/builder-fields";
import { plannedCountQuery, plannedMembersQuery } from "../membership/bulk-plan.server";
import type { SegmentContext } from "../segments/compile";
import { DEFINITION_LIMITS, type DefinitionIssue } from "../segments/definition";
import { suggestedSegments, type SuggestedSegment } from "../segments/suggested";
import { checkDefinition } from "../segments/validate";
import { countContacts } from "./contacts.server";
import { findSegment, loadShopCatalog } from "./segments.server";

/**
 * What the segment builder asks the server while the merchant edits: the live count, the member
 * diff before an update, the options of its pickers, a suggestion to start from, and the progress
 * of a computation. Every function is scoped by shop.
 */

const dialect = new SQLiteSyncDialect();

type ShopRow = { id: number; time_zone: string; currency: string };

function shopRow(db: Db, shopId: number): ShopRow {
  const row = db.$client.prepare(`SELECT id, time_zone, currency FROM shops WHERE id = ?`).get(shopId) as ShopRow | undefined;
  if (!row) throw new Error(`no shop ${shopId}`);
  return row;
}

function contextOf(shop: ShopRow, now: number): SegmentContext {
  return { shopId: shop.id, now, timeZone: shop.time_zone };
}

function toQuery(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}

export type EstimateResult = { ok: true; count: number; ms: number } | { ok: false; issues: DefinitionIssue[] };

/** The builder's live count: validates against the shop (as saving would), then counts members now. */
export function estimateSegment(db: Db, { shopId, definition, now }: { shopId: number; definition: unknown; now: number }): EstimateResult {
  const checked = checkDefinition(definition, loadShopCatalog(db, shopId));
  if (!checked.ok) return checked;
  const started = performance.now();
  const query = toQuery(plannedCountQuery(db, checked.definition, contextOf(shopRow(db, shopId), now)));
  const count = db.$client.prepare(query.sql).pluck().get(...query.params) as number;
  return { ok: true, count, ms: Math.round((performance.now() - started) * 10) / 10 };
}

export type MemberSample = { id: number; name: string; email: string | null };
export type MemberDiff = {
  ok: true;
  /** Stored members now, and members under the new definition. */
  current: number;
  next: number;
  joining: { count: number; sample: MemberSample[] };
  leaving: { count: number; sample: MemberSample[] };
  /** The stored members are still being computed, so the diff is against a partial list. */
  computing: boolean;
};

function sampleOf(db: Db, shopId: number, ids: number[]): MemberSample[] {
  if (ids.length === 0) return [];
  const rows = db.$client
    .prepare(`SELECT id, first_name, last_name, email, phone FROM contacts WHERE shop_id = ? AND id IN (${ids.map(() => "?").join(",")}) ORDER BY id`)
    .all(shopId, ...ids) as { id: number; first_name: string | null; last_name: string | null; email: string | null; phone: string | null }[];
  return rows.map((r) => ({ id: r.id, name: contactDisplayName({ firstName: r.first_name, lastName: r.last_name, email: r.email, phone: r.phone }), email: r.email }));
}

/**
 * Who would join and who would leave if the segment took `definition` now: the new members (the
 * same bulk query a full computation runs) against the stored members, with a sample of each.
 * Null when the segment is not the shop's.
 */
export function diffSegmentEdit(
  db: Db,
  { shopId, segmentId, definition, now, sampleSize = 10 }: { shopId: number; segmentId: number; definition: unknown; now: number; sampleSize?: number },
): MemberDiff | { ok: false; issues: DefinitionIssue[] } | null {
  const segment = findSegment(db, { shopId, segmentId });
  if (!segment) return null;
  const checked = checkDefinition(definition, loadShopCatalog(db, shopId));
  if (!checked.ok) return checked;
  const query = toQuery(plannedMembersQuery(db, checked.definition, contextOf(shopRow(db, shopId), now)));
  const next = new Set(db.$client.prepare(query.sql).pluck().all(...query.params) as number[]);
  const stored = membersOf(db, segment.id);
  const { entered, left } = diffMembership(stored, next);
  return {
    ok: true,
    current: stored.size,
    next: next.size,
    joining: { count: entered.length, sample: sampleOf(db, shopId, entered.slice(0, sampleSize)) },
    leaving: { count: left.length, sample: sampleOf(db, shopId, left.slice(0, sampleSize)) },
    computing: segment.status === "computing",
  };
}

export const PICKER_KINDS = ["product", "category", "coupon", "campaign", "tag", "country", "language", "attribute"] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];
export type PickerOption = { value: string; label: string; detail?: string };

const like = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

function displayName(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

const CATEGORY_KIND_LABELS: Record<CategoryKind, string> = { collection: "Collection", product_type: "Product type", tag: "Product tag" };

type OptionQuery = { shopId: number; query: string; values: string[] | null; limit: number };

/** Per kind: SQL for "search by text" and "these values", and how a row reads. */
const OPTION_SOURCES: Record<Exclude<PickerKind, "country" | "language">, { search: string; byValues: string; toOption: (row: Record<string, unknown>) => PickerOption }> = {
  product: {
    search: `SELECT id, title, product_type FROM products WHERE shop_id = @shopId AND title LIKE @like ESCAPE '\\' ORDER BY title LIMIT @limit`,
    byValues: `SELECT id, title, product_type FROM products WHERE shop_id = @shopId AND id IN (SELECT value FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.id), label: String(r.title), detail: (r.product_type as string | null) ?? undefined }),
  },
  category: {
    search: `SELECT id, name, kind FROM categories WHERE shop_id = @shopId AND name LIKE @like ESCAPE '\\' ORDER BY name LIMIT @limit`,
    byValues: `SELECT id, name, kind FROM categories WHERE shop_id = @shopId AND id IN (SELECT value FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.id), label: String(r.name), detail: CATEGORY_KIND_LABELS[r.kind as CategoryKind] ?? "Category" }),
  },
  coupon: {
    search: `SELECT id, code, description FROM coupons WHERE shop_id = @shopId AND (code LIKE @like ESCAPE '\\' OR description LIKE @like ESCAPE '\\') ORDER BY code LIMIT @limit`,
    byValues: `SELECT id, code, description FROM coupons WHERE shop_id = @shopId AND id IN (SELECT value FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.id), label: String(r.code), detail: (r.description as string | null) ?? undefined }),
  },
  campaign: {
    search: `SELECT id, name, channel FROM campaigns WHERE shop_id = @shopId AND name LIKE @like ESCAPE '\\' ORDER BY created_at DESC LIMIT @limit`,
    byValues: `SELECT id, name, channel FROM campaigns WHERE shop_id = @shopId AND id IN (SELECT value FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.id), label: String(r.name), detail: r.channel === "sms" ? "SMS" : "Email" }),
  },
  tag: {
    search: `SELECT t.name, (SELECT count(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS holders FROM tags t
             WHERE t.shop_id = @shopId AND t.name LIKE @like ESCAPE '\\' ORDER BY holders DESC, t.name LIMIT @limit`,
    byValues: `SELECT name FROM tags WHERE shop_id = @shopId AND name_key IN (SELECT lower(value) FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.name), label: String(r.name), detail: r.holders === undefined ? undefined : `${Number(r.holders).toLocaleString("en-US")} contacts` }),
  },
  attribute: {
    search: `SELECT key, label, type FROM attribute_definitions WHERE shop_id = @shopId AND (key LIKE @like ESCAPE '\\' OR label LIKE @like ESCAPE '\\') ORDER BY label LIMIT @limit`,
    byValues: `SELECT key, label, type FROM attribute_definitions WHERE shop_id = @shopId AND key IN (SELECT value FROM json_each(@values))`,
    toOption: (r) => ({ value: String(r.key), label: String(r.label), detail: String(r.type) }),
  },
};

/** Countries and languages: the codes the shop's contacts have, most common first, named in English. */
function contactCodeOptions(db: Db, column: "country_code" | "language", { shopId, query, values, limit }: OptionQuery): PickerOption[] {
  const names = column === "country_code" ? regionNames : languageNames;
  const rows = db.$client
    .prepare(`SELECT ${column} AS code, count(*) AS n FROM contacts WHERE shop_id = ? AND ${column} IS NOT NULL AND deleted_at IS NULL GROUP BY ${column} ORDER BY n DESC`)
    .all(shopId) as { code: string; n: number }[];
  const toOption = (code: string, n?: number): PickerOption => ({ value: code, label: `${displayName(names, code)} (${code})`, detail: n === undefined ? undefined : `${n.toLocaleString("en-US")} contacts` });
  if (values) return values.map((code) => toOption(code, rows.find((r) => r.code.toLowerCase() === code.toLowerCase())?.n));
  const needle = query.trim().toLowerCase();
  return rows
    .map((r) => toOption(r.code, r.n))
    .filter((o) => !needle || o.label.toLowerCase().includes(needle))
    .slice(0, limit);
}

/**
 * Options of a builder picker, from the shop's own data: by search text, or the given values (to
 * name what a stored definition already holds).
 */
export function findPickerOptions(db: Db, options: { shopId: number; kind: PickerKind; query?: string; values?: string[] | null; limit?: number }): PickerOption[] {
  const q: OptionQuery = { shopId: options.shopId, query: options.query ?? "", values: options.values ?? null, limit: options.limit ?? 20 };
  if (options.kind === "country") return contactCodeOptions(db, "country_code", q);
  if (options.kind === "language") return contactCodeOptions(db, "language", q);
  const source = OPTION_SOURCES[options.kind];
  const numericIds = options.kind !== "tag" && options.kind !== "attribute";
  const values = q.values?.map((v) => (numericIds ? Number(v) : v));
  const rows = values
    ? db.$client.prepare(source.byValues).all({ shopId: q.shopId, values: JSON.stringify(values) })
    : db.$client.prepare(source.search).all({ shopId: q.shopId, like: like(q.query.trim()), limit: q.limit });
  return (rows as Record<string, unknown>[]).map(source.toOption);
}

/** A suggested segment to start the builder from, with the shop's currency for its spend thresholds. */
export function findSuggestion(db: Db, { shopId, key }: { shopId: number; key: string }): SuggestedSegment | null {
  const shop = shopRow(db, shopId);
  return suggestedSegments({ currency: shop.currency }).find((s) => s.key === key) ?? null;
}

export type SegmentProgress = { id: number; status: "computing" | "ready" | "failed"; done: number; total: number; memberCount: number; error: string | null };

/** Where a segment's computation is (the builder polls this after saving). */
export function segmentProgress(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): SegmentProgress | null {
  const segment = findSegment(db, { shopId, segmentId });
  if (!segment) return null;
  return { id: segment.id, status: segment.status, done: segment.computeDone, total: segment.computeTotal, memberCount: segment.memberCount, error: segment.computeError };
}

/** An empty definition: the root group the builder starts from. */
export function emptyDefinition(): { version: 1; root: { id: "root"; type: "group"; match: "all"; children: [] } } {
  return { version: 1, root: { id: "root", type: "group", match: "all", children: [] } };
}

export type BuilderSetup = {
  catalogue: BuilderFamily[];
  limits: typeof DEFINITION_LIMITS;
  money: { currency: string; exponent: number; symbol: string };
  /** Today in the shop's time zone (YYYY-MM-DD): where new date inputs start. */
  today: string;
  totalContacts: number;
};

/** What every builder page needs: the catalogue as the builder renders it, the limits, the shop's money and day. */
export function builderSetup(db: Db, { shopId, now }: { shopId: number; now: number }): BuilderSetup {
  const shop = shopRow(db, shopId);
  const symbol = new Intl.NumberFormat("en-US", { style: "currency", currency: shop.currency }).formatToParts(0).find((p) => p.type === "currency")?.value ?? shop.currency;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: shop.time_zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return {
    catalogue: builderCatalogue(),
    limits: DEFINITION_LIMITS,
    money: { currency: shop.currency, exponent: currencyExponent(shop.currency), symbol },
    today,
    totalContacts: countContacts(db, { shopId }),
  };
}
