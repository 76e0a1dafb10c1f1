import { z } from "zod";
import type { Gender } from "../../../db/enums";
import { normalizeText } from "../../contacts/normalize";
import { toMinorUnits } from "../../money/money";
import { customerProfile, customerUpsert, emailConsentState, graphqlCustomerFields, smsConsentState } from "../customer-profile";
import { idText, isoTime } from "../json";
import { sourceVersion, type ContactUpsert, type OrderLineUpsert, type OrderUpsert, type RefundUpsert } from "../types";

/**
 * Admin GraphQL Customer and Order nodes → the neutral model, for bulk JSONL rows (a row per
 * node; nested connection rows carry `__parentId`) and paginated query nodes alike. The fields are
 * those selected in admin-queries.ts. Enums arrive upper-case (`SUBSCRIBED`, `PAID`) and are
 * stored the way the webhook adapters store them (`subscribed`, `paid`).
 */

const nullableString = z.string().nullish();
const moneyBag = z.object({ shopMoney: z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() }) }).nullish();
const metafield = z.object({ value: z.string().nullish() }).nullish();

export const GraphqlCustomerSchema = z.object({
  id: z.string(),
  firstName: nullableString,
  lastName: nullableString,
  state: nullableString,
  tags: z.array(z.string()).nullish(),
  locale: nullableString,
  note: nullableString,
  createdAt: nullableString,
  updatedAt: nullableString,
  defaultEmailAddress: z
    .object({ emailAddress: nullableString, marketingState: nullableString, marketingOptInLevel: nullableString, marketingUpdatedAt: nullableString })
    .nullish(),
  defaultPhoneNumber: z.object({ phoneNumber: nullableString, marketingState: nullableString, marketingUpdatedAt: nullableString }).nullish(),
  defaultAddress: z.object({ countryCodeV2: nullableString, provinceCode: nullableString, city: nullableString, zip: nullableString }).nullish(),
  birthday: metafield,
  gender: metafield,
  companyContactProfiles: z.array(z.object({ id: z.string(), company: z.object({ id: z.string(), name: nullableString }) })).nullish(),
});
export type GraphqlCustomer = z.infer<typeof GraphqlCustomerSchema>;

export const GraphqlLineItemSchema = z.object({
  id: z.string(),
  title: nullableString,
  quantity: z.number(),
  originalUnitPriceSet: moneyBag,
  discountedTotalSet: moneyBag,
  product: z.object({ id: z.string(), productType: nullableString, tags: z.array(z.string()).nullish() }).nullish(),
  variant: z.object({ id: z.string() }).nullish(),
});
export type GraphqlLineItem = z.infer<typeof GraphqlLineItemSchema>;

const refundLineItems = z.object({ nodes: z.array(z.object({ quantity: z.number(), lineItem: z.object({ id: z.string() }).nullish() })) }).nullish();
export const GraphqlRefundSchema = z.object({ id: z.string(), createdAt: nullableString, totalRefundedSet: moneyBag, refundLineItems });

export const GraphqlOrderSchema = z.object({
  id: z.string(),
  name: nullableString,
  email: nullableString,
  createdAt: nullableString,
  updatedAt: nullableString,
  processedAt: nullableString,
  cancelledAt: nullableString,
  displayFinancialStatus: nullableString,
  displayFulfillmentStatus: nullableString,
  discountCodes: z.array(z.string()).nullish(),
  totalPriceSet: moneyBag,
  subtotalPriceSet: moneyBag,
  totalDiscountsSet: moneyBag,
  customer: z.object({ id: z.string() }).nullish(),
  refunds: z.array(GraphqlRefundSchema).nullish(),
  /** Present on paginated nodes; bulk rows carry the lines as separate rows instead. */
  lineItems: z.object({ nodes: z.array(GraphqlLineItemSchema), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: nullableString }).nullish() }).nullish(),
});
export type GraphqlOrder = z.infer<typeof GraphqlOrderSchema>;

/** The object type of a GID: `gid://shopify/LineItem/1` → `LineItem`. */
export function gidType(gid: unknown): string | null {
  const match = typeof gid === "string" ? /^gid:\/\/[a-z]+\/([A-Za-z]+)\//i.exec(gid) : null;
  return match ? match[1] : null;
}

/** A free-text gender metafield → the gender enum (unknown words count as "other", blanks as unknown). */
export function genderOf(value: string | null | undefined): Gender | null {
  const text = value?.trim().toLowerCase();
  if (!text) return null;
  if (["f", "female", "woman", "w", "femme", "weiblich", "mujer"].includes(text)) return "female";
  if (["m", "male", "man", "homme", "männlich", "hombre"].includes(text)) return "male";
  return "other";
}

/** A date metafield → `YYYY-MM-DD` (the birthday column's format), else null. */
export function birthdayOf(value: string | null | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value?.trim() ?? "");
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

export function graphqlCustomerUpsert(node: GraphqlCustomer, fallbackTime: number): ContactUpsert {
  const updatedAt = isoTime(node.updatedAt) ?? fallbackTime;
  const email = node.defaultEmailAddress;
  const phone = node.defaultPhoneNumber;
  const profile = {
    ...customerProfile(graphqlCustomerFields(node, { email: email?.emailAddress, phone: phone?.phoneNumber })),
    ...(node.birthday !== undefined ? { birthday: birthdayOf(node.birthday?.value) } : {}),
    ...(node.gender !== undefined ? { gender: genderOf(node.gender?.value) } : {}),
  };
  const upsert = customerUpsert(idText(node.id)!, sourceVersion(updatedAt, null), profile, {
    tags: node.tags,
    emailConsent: email?.marketingState
      ? { state: emailConsentState(email.marketingState), optInLevel: email.marketingOptInLevel?.toLowerCase() ?? null, consentAt: isoTime(email.marketingUpdatedAt) }
      : undefined,
    smsConsent: phone?.marketingState ? { state: smsConsentState(phone.marketingState), consentAt: isoTime(phone.marketingUpdatedAt) } : undefined,
  });
  if (!node.companyContactProfiles) return upsert;
  const companies = node.companyContactProfiles.map((p) => ({ platformId: idText(p.id)!, companyPlatformId: idText(p.company.id)!, companyName: p.company.name ?? null }));
  return { ...upsert, companies };
}

const minor = (bag: z.infer<typeof moneyBag>, currency: string) => (bag ? toMinorUnits(bag.shopMoney.amount, currency) : 0);

export function graphqlLineUpsert(line: GraphqlLineItem, currency: string): OrderLineUpsert {
  const price = minor(line.originalUnitPriceSet, currency);
  return {
    platformId: idText(line.id),
    productPlatformId: line.product ? idText(line.product.id) : null,
    variantPlatformId: line.variant ? idText(line.variant.id) : null,
    productType: normalizeText(line.product?.productType),
    ...(line.product?.tags ? { productTags: line.product.tags } : {}),
    title: line.title ?? null,
    quantity: line.quantity,
    priceMinor: price,
    totalMinor: line.discountedTotalSet ? minor(line.discountedTotalSet, currency) : price * line.quantity,
  };
}

/** GraphQL shows "not fulfilled" as UNFULFILLED where webhooks send null; partial is "partial" in both. */
function fulfillmentOf(value: string | null | undefined): string | null {
  if (!value || value === "UNFULFILLED") return null;
  return value === "PARTIALLY_FULFILLED" ? "partial" : value.toLowerCase();
}

/**
 * An order node as an upsert. `lines` are the bulk rows whose `__parentId` is the order (or the
 * node's own `lineItems`). Refunds carry their lines only when the query could select them.
 */
export function graphqlOrderUpsert(node: GraphqlOrder, lines: GraphqlLineItem[], fallbackTime: number): OrderUpsert {
  const currency = node.totalPriceSet?.shopMoney.currencyCode ?? node.subtotalPriceSet?.shopMoney.currencyCode ?? "XXX";
  const updatedAt = isoTime(node.updatedAt) ?? fallbackTime;
  const orderId = idText(node.id)!;
  const refunds: RefundUpsert[] = (node.refunds ?? []).map((refund) => ({
    platformId: idText(refund.id)!,
    orderPlatformId: orderId,
    amountMinor: minor(refund.totalRefundedSet, currency),
    refundedAt: isoTime(refund.createdAt) ?? updatedAt,
    lines: (refund.refundLineItems?.nodes ?? []).filter((l) => l.lineItem).map((l) => ({ linePlatformId: idText(l.lineItem!.id)!, quantity: l.quantity })),
  }));
  return {
    platformId: orderId,
    version: sourceVersion(updatedAt, null),
    customer: node.customer ? { platformId: idText(node.customer.id)!, version: sourceVersion(updatedAt, null) } : null,
    name: node.name ?? null,
    currency,
    totalMinor: minor(node.totalPriceSet, currency),
    subtotalMinor: node.subtotalPriceSet ? minor(node.subtotalPriceSet, currency) : null,
    discountMinor: minor(node.totalDiscountsSet, currency),
    financialStatus: node.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillmentStatus: fulfillmentOf(node.displayFulfillmentStatus),
    discountCodes: node.discountCodes ?? [],
    checkoutToken: null,
    placedAt: isoTime(node.processedAt) ?? isoTime(node.createdAt) ?? updatedAt,
    cancelledAt: isoTime(node.cancelledAt),
    lines: lines.map((line) => graphqlLineUpsert(line, currency)),
    refunds,
  };
}
