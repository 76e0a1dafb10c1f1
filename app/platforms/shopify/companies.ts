import { z } from "zod";
import { idText, isoTime } from "../json";
import { sourceVersion, type CompanyContactChange } from "../types";

/**
 * company_contacts/create, update and delete (topic names: Shopify's WebhookSubscriptionTopic
 * COMPANY_CONTACTS_CREATE / _UPDATE / _DELETE, scope read_customers). The payload is the company
 * contact: its GID, the customer's GID and the company; only those fields are read.
 */
export const CompanyContactPayloadSchema = z.object({
  admin_graphql_api_id: z.string().min(1),
  customer_admin_graphql_api_id: z.string().min(1),
  updated_at: z.string().nullish(),
  company: z.object({ admin_graphql_api_id: z.string().min(1), name: z.string().nullish() }),
});

export function shopifyCompanyContactChange(
  payload: z.infer<typeof CompanyContactPayloadSchema>,
  deleted: boolean,
  triggeredAt: number | null,
  fallbackTime: number,
): CompanyContactChange {
  const updatedAt = isoTime(payload.updated_at) ?? triggeredAt ?? fallbackTime;
  return {
    platformId: idText(payload.admin_graphql_api_id)!,
    customerPlatformId: idText(payload.customer_admin_graphql_api_id)!,
    companyPlatformId: idText(payload.company.admin_graphql_api_id)!,
    companyName: payload.company.name ?? null,
    // a delete has no newer updated_at of its own: it is ordered by when it was sent
    version: sourceVersion(deleted ? Math.max(updatedAt, triggeredAt ?? fallbackTime) : updatedAt, triggeredAt),
    deleted,
  };
}
