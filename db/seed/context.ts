import type { Db } from "../client.server";
import type { SeededRandom, ZipfSampler } from "./random";
import type { BatchWriter } from "./writer";

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;

/** What the generator steps share: the connection, the random stream and ids created so far. */
export type SeedContext = {
  db: Db;
  writer: BatchWriter;
  random: SeededRandom;
  shopId: number;
  currency: string;
  /** Every generated time lies at or before the anchor. */
  anchor: number;
  scale: number;
  products: { id: number; priceMinor: number; title: string; platformId: string }[];
  productPopularity: ZipfSampler;
  collectionIds: number[];
  coupons: { id: number; code: string; percentOff: number }[];
  /** Sent campaigns, oldest first. */
  emailCampaigns: { id: number; sentAt: number; couponId: number | null }[];
  smsCampaigns: { id: number; sentAt: number }[];
  tagIds: Map<string, number>;
  attributeIds: Map<string, number>;
  contacts: ContactFacts;
};

/** Per-contact facts later steps need, indexed by position (contact id = ids[i]). */
export type ContactFacts = {
  ids: Int32Array;
  createdAt: Float64Array;
  /** 0 = no orders; otherwise a spending weight (log-normal). */
  buyerWeight: Float64Array;
  engaged: Uint8Array;
  emailState: string[];
  emailConsentAt: Float64Array;
  emailBounced: Uint8Array;
  smsSubscribed: Uint8Array;
  subscriptionCancelled: Uint8Array;
};

export type SeedCounts = {
  contacts: number;
  orders: number;
  orderLines: number;
  refunds: number;
  events: number;
  products: number;
  categories: number;
  checkouts: number;
  campaigns: number;
  coupons: number;
  tags: number;
  contactTags: number;
  attributeValues: number;
};
