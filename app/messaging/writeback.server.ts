import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { ConsentChangeSource, ConsentChangeState, WritebackStatus } from "../../db/schema";
import type { AdminApi } from "../platforms/shopify/admin-api.server";
import { consentOptInLevel } from "./consent.server";

/**
 * Writes a consent change made here back to the platform, so the store's own records (and other
 * apps) stop marketing too. Shopify: `customerEmailMarketingConsentUpdate` /
 * `customerSmsMarketingConsentUpdate` (Admin GraphQL; the input accepts SUBSCRIBED, UNSUBSCRIBED
 * and PENDING). Without a store behind the app (demo mode), for SHOPLINE (not built yet) or for a
 * contact with no platform customer, the change is recorded as skipped with the reason.
 */

export const EMAIL_CONSENT_MUTATION = `mutation SegmentflowEmailConsent($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
}`;
export const SMS_CONSENT_MUTATION = `mutation SegmentflowSmsConsent($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
}`;

type ChangeRow = { id: number; contact_id: number; channel: Channel; state: ConsentChangeState; source: ConsentChangeSource; at: number; writeback_status: WritebackStatus };
type UserErrors = { userErrors: { field: string[] | null; message: string }[] };

/**
 * The consent input Shopify takes (CustomerEmailMarketingConsentInput / CustomerSmsMarketingConsentInput):
 * the state, when it changed and, for an opt-in, its level — SINGLE_OPT_IN for a START reply or a
 * popup signup, CONFIRMED_OPT_IN for a double opt-in (PENDING until the link is followed).
 */
export function marketingConsentInput(state: ConsentChangeState, source: ConsentChangeSource, at: number): Record<string, string> {
  const level = consentOptInLevel(state, source);
  return { marketingState: state.toUpperCase(), consentUpdatedAt: new Date(at).toISOString(), ...(level ? { marketingOptInLevel: level.toUpperCase() } : {}) };
}

export function consentMutation(
  channel: Channel,
  customerId: string,
  { state, source, at }: { state: ConsentChangeState; source: ConsentChangeSource; at: number },
): { document: string; variables: Record<string, unknown> } {
  const consent = marketingConsentInput(state, source, at);
  return channel === "email"
    ? { document: EMAIL_CONSENT_MUTATION, variables: { input: { customerId, emailMarketingConsent: consent } } }
    : { document: SMS_CONSENT_MUTATION, variables: { input: { customerId, smsMarketingConsent: consent } } };
}

function mark(db: Db, id: number, status: WritebackStatus, detail: string | null, now: number): WritebackStatus {
  db.$client.prepare(`UPDATE consent_changes SET writeback_status = ?, writeback_detail = ?, writeback_at = ? WHERE id = ?`).run(status, detail, now, id);
  return status;
}

/**
 * Performs one write-back. `api` is the shop's Admin API, or null when there is no store to write
 * to (demo mode). Admin API failures throw (the job retries them); refusals (`userErrors`) are final.
 */
export async function writeBackConsent(db: Db, { shopId, changeId, api, now }: { shopId: number; changeId: number; api: AdminApi | null; now: () => number }): Promise<WritebackStatus> {
  const sqlite = db.$client;
  const change = sqlite.prepare(`SELECT id, contact_id, channel, state, source, at, writeback_status FROM consent_changes WHERE id = ? AND shop_id = ?`).get(changeId, shopId) as ChangeRow | undefined;
  if (!change || change.writeback_status !== "pending") return change?.writeback_status ?? "skipped";
  const newer = sqlite.prepare(`SELECT 1 FROM consent_changes WHERE shop_id = ? AND contact_id = ? AND channel = ? AND id > ?`).get(shopId, change.contact_id, change.channel, change.id);
  if (newer) return mark(db, change.id, "skipped", "superseded by a later change", now());
  const shop = sqlite.prepare(`SELECT platform FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  const platformId = sqlite.prepare(`SELECT platform_id FROM contacts WHERE id = ? AND shop_id = ?`).pluck().get(change.contact_id, shopId) as string | null;
  if (shop !== "shopify") return mark(db, change.id, "skipped", `write-back to ${shop} is not supported yet`, now());
  if (!api) return mark(db, change.id, "skipped", "demo mode: no store to write back to", now());
  if (!platformId) return mark(db, change.id, "skipped", "the contact has no platform customer", now());

  const { document, variables } = consentMutation(change.channel, `gid://shopify/Customer/${platformId}`, change);
  const data = await api.request<Record<string, UserErrors>>(document, variables);
  const payload = Object.values(data)[0];
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0) return mark(db, change.id, "failed", errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; "), now());
  return mark(db, change.id, "done", null, now());
}

/** After the job's last attempt: the change stays applied here, and the write-back is shown as failed. */
export function failConsentWriteback(db: Db, { shopId, changeId, error, now }: { shopId: number; changeId: number; error: string; now: number }): void {
  db.$client.prepare(`UPDATE consent_changes SET writeback_status = 'failed', writeback_detail = ?, writeback_at = ? WHERE id = ? AND shop_id = ? AND writeback_status = 'pending'`).run(error, now, changeId, shopId);
}
