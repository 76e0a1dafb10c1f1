import type { Db } from "../../db/client.server";
import type { WritebackStatus } from "../../db/schema";
import type { AdminApi } from "../platforms/shopify/admin-api.server";

/**
 * Writes a popup signup to the store, so the customer (and other apps) see it. On Shopify:
 *
 * - a subscriber the store does not know yet: `customerCreate(input: CustomerInput!)` with the
 *   email, phone, names, the popup tags and the marketing consent held now (the email is required
 *   with email consent, the phone with SMS consent), and the new customer's id is linked to the
 *   contact; when Shopify answers that the email or phone is taken (the customer exists but its
 *   webhook has not arrived, or a retry after a crash), the customer is found with
 *   `customers(query: "email:…")` and linked instead;
 * - a known customer: `tagsAdd(id, tags)`, which adds without replacing the customer's tags
 *   (`CustomerInput.tags` would overwrite them).
 *
 * Consent changes of a known customer are written by the consent write-back job. References:
 * shopify.dev/docs/api/admin-graphql/latest/mutations/customerCreate, …/input-objects/CustomerInput,
 * …/mutations/tagsAdd. Without a store behind the app (demo mode), for SHOPLINE (not built yet) or
 * for a contact deleted meanwhile, the signup is marked skipped with the reason.
 */

export const CUSTOMER_CREATE_MUTATION = `mutation SegmentflowCustomerCreate($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}`;
export const TAGS_ADD_MUTATION = `mutation SegmentflowTagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;
export const CUSTOMER_LOOKUP_QUERY = `query SegmentflowCustomerLookup($query: String!) {
  customers(first: 1, query: $query) { nodes { id } }
}`;

type UserError = { field: string[] | null; message: string };
type SignupRow = { id: number; contact_id: number; tags: string; writeback_status: WritebackStatus };
type ContactRow = {
  platform_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  email_consent: string;
  email_opt_in_level: string | null;
  email_consent_at: number | null;
  sms_consent: string;
  sms_consent_at: number | null;
  deleted_at: number | null;
  redacted_at: number | null;
};

const describe = (errors: UserError[]) => errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; ");
const customerGid = (id: string) => `gid://shopify/Customer/${id}`;
const localId = (gid: string) => gid.replace(/^gid:\/\/shopify\/Customer\//, "");

function mark(db: Db, id: number, status: WritebackStatus, detail: string | null, now: number): WritebackStatus {
  db.$client.prepare(`UPDATE popup_signups SET writeback_status = ?, writeback_detail = ?, writeback_at = ? WHERE id = ?`).run(status, detail, now, id);
  return status;
}

/** Consent as CustomerInput takes it, only for a channel the contact is subscribed (or pending) on. */
function consentInput(state: string, level: string | null, at: number | null) {
  if (state !== "subscribed" && state !== "pending") return undefined;
  return { marketingState: state.toUpperCase(), marketingOptInLevel: (level ?? "single_opt_in").toUpperCase(), ...(at ? { consentUpdatedAt: new Date(at).toISOString() } : {}) };
}

/** The customerCreate input for a captured contact: what we hold now, not what the signup sent. */
export function customerInput(contact: ContactRow, tags: string[]): Record<string, unknown> {
  const email = contact.email ? consentInput(contact.email_consent, contact.email_opt_in_level, contact.email_consent_at) : undefined;
  const sms = contact.phone ? consentInput(contact.sms_consent, "single_opt_in", contact.sms_consent_at) : undefined;
  return {
    ...(contact.email ? { email: contact.email } : {}),
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.first_name ? { firstName: contact.first_name } : {}),
    ...(contact.last_name ? { lastName: contact.last_name } : {}),
    tags,
    ...(email ? { emailMarketingConsent: email } : {}),
    ...(sms ? { smsMarketingConsent: sms } : {}),
  };
}

/** Links a platform customer to the captured contact, unless another contact holds that customer already. */
function linkCustomer(db: Db, { shopId, contactId, platformId, now }: { shopId: number; contactId: number; platformId: string; now: number }): boolean {
  return (
    db.$client
      .prepare(
        `UPDATE contacts SET platform_id = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND platform_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM contacts WHERE shop_id = ? AND platform_id = ?)`,
      )
      .run(platformId, now, contactId, shopId, shopId, platformId).changes === 1 ||
    // the customer's webhook got here first and adopted this contact (applyContactUpsert)
    db.$client.prepare(`SELECT 1 FROM contacts WHERE id = ? AND shop_id = ? AND platform_id = ?`).get(contactId, shopId, platformId) !== undefined
  );
}

async function addTags(api: AdminApi, platformId: string, tags: string[]): Promise<UserError[]> {
  if (tags.length === 0) return [];
  const data = await api.request<{ tagsAdd: { userErrors: UserError[] } }>(TAGS_ADD_MUTATION, { id: customerGid(platformId), tags });
  return data.tagsAdd.userErrors;
}

async function findCustomer(api: AdminApi, contact: ContactRow): Promise<string | null> {
  const query = contact.email ? `email:"${contact.email}"` : `phone:"${contact.phone}"`;
  const data = await api.request<{ customers: { nodes: { id: string }[] } }>(CUSTOMER_LOOKUP_QUERY, { query });
  return data.customers.nodes[0] ? localId(data.customers.nodes[0].id) : null;
}

/**
 * Performs the write-back of one signup. `api` is the shop's Admin API, or null without a store
 * (demo mode). Admin API failures throw (the job retries them); refusals (`userErrors`) are final.
 */
export async function syncPopupSignup(db: Db, { shopId, signupId, api, now }: { shopId: number; signupId: number; api: AdminApi | null; now: () => number }): Promise<WritebackStatus> {
  const sqlite = db.$client;
  const signup = sqlite.prepare(`SELECT id, contact_id, tags, writeback_status FROM popup_signups WHERE id = ? AND shop_id = ?`).get(signupId, shopId) as SignupRow | undefined;
  if (!signup || signup.writeback_status !== "pending") return signup?.writeback_status ?? "skipped";
  const platform = sqlite.prepare(`SELECT platform FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  if (platform !== "shopify") return mark(db, signup.id, "skipped", `write-back to ${platform} is not supported yet`, now());
  if (!api) return mark(db, signup.id, "skipped", "demo mode: no store to write back to", now());
  const readContact = () =>
    sqlite
      .prepare(
        `SELECT platform_id, email, phone, first_name, last_name, email_consent, email_opt_in_level, email_consent_at, sms_consent, sms_consent_at, deleted_at, redacted_at
         FROM contacts WHERE id = ? AND shop_id = ?`,
      )
      .get(signup.contact_id, shopId) as ContactRow | undefined;
  const contact = readContact();
  if (!contact || contact.deleted_at !== null || contact.redacted_at !== null) return mark(db, signup.id, "skipped", "the contact was deleted or erased", now());
  const tags = JSON.parse(signup.tags) as string[];

  if (contact.platform_id) {
    const errors = await addTags(api, contact.platform_id, tags);
    return errors.length ? mark(db, signup.id, "failed", describe(errors), now()) : mark(db, signup.id, "done", tags.length ? `tags added to customer ${contact.platform_id}` : null, now());
  }

  const created = await api.request<{ customerCreate: { customer: { id: string } | null; userErrors: UserError[] } }>(CUSTOMER_CREATE_MUTATION, { input: customerInput(contact, tags) });
  const { customer, userErrors } = created.customerCreate;
  let platformId = customer ? localId(customer.id) : null;
  let detail = `customer ${platformId} created`;
  if (!platformId) {
    if (!userErrors.some((e) => /taken/i.test(e.message))) return mark(db, signup.id, "failed", describe(userErrors), now());
    platformId = await findCustomer(api, contact);
    if (!platformId) return mark(db, signup.id, "failed", describe(userErrors), now());
    const errors = await addTags(api, platformId, tags);
    if (errors.length) return mark(db, signup.id, "failed", describe(errors), now());
    detail = `customer ${platformId} existed; tags added`;
  }
  if (!linkCustomer(db, { shopId, contactId: signup.contact_id, platformId, now: now() })) {
    // another contact already is this customer (e.g. a second captured contact with the same phone): both stay
    detail += `; not linked: another contact is customer ${platformId}`;
  }
  return mark(db, signup.id, "done", detail, now());
}

/** After the job's last attempt: the signup stays applied here, and the write-back is shown as failed. */
export function failPopupSync(db: Db, { shopId, signupId, error, now }: { shopId: number; signupId: number; error: string; now: number }): void {
  db.$client.prepare(`UPDATE popup_signups SET writeback_status = 'failed', writeback_detail = ?, writeback_at = ? WHERE id = ? AND shop_id = ? AND writeback_status = 'pending'`).run(error, now, signupId, shopId);
}
