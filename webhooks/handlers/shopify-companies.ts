import { CompanyContactPayloadSchema, shopifyCompanyContactChange } from "../../app/platforms/shopify/companies";
import { applyCompanyContact } from "../../app/sync/companies.server";
import { parseWith, type TopicHandler } from "../handler";

/** company_contacts/create, update, delete: which B2B companies a customer belongs to. */
function companyContactHandler(deleted: boolean): TopicHandler {
  return (ctx) => {
    const change = shopifyCompanyContactChange(parseWith(CompanyContactPayloadSchema, ctx), deleted, ctx.triggeredAt, ctx.receivedAt);
    const applied = applyCompanyContact(ctx.db, { shopId: ctx.shopId, change, now: ctx.now });
    if (applied.contactId === null || (!applied.changed && !applied.created)) return [];
    // a contact first seen here is evaluated whole
    return [{ contactIds: [applied.contactId], change: applied.created ? { everything: true } : { fields: ["company_count"] }, cause: "event", causeDetail: ctx.topic }];
  };
}

export const companyContactUpsert = companyContactHandler(false);
export const companyContactDelete = companyContactHandler(true);
