import { GraphQLError } from "graphql";
import type { FakeCustomer } from "./fake-shopify-schema";

/**
 * The fake Admin API's customer writes, as Shopify answers them (shopify.dev: customerCreate,
 * tagsAdd, customerEmailMarketingConsentUpdate, customerSmsMarketingConsentUpdate): an email or
 * phone another customer has is refused as taken, consent needs the address it is about, tagsAdd
 * adds without replacing, and `customers(query: "email:…")` finds a customer by address.
 */

type ConsentInput = { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null };
type CustomerInput = { email?: string | null; phone?: string | null; firstName?: string | null; lastName?: string | null; tags?: string[] | null; emailMarketingConsent?: ConsentInput | null; smsMarketingConsent?: ConsentInput | null };

const gid = (id: string) => `gid://shopify/Customer/${id}`;
const localId = (value: string) => /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(value)?.[1] ?? null;
let customerSeq = 0;

/** `email:"a@b.co"` or `phone:"+1…"` (Shopify search syntax): the customers matching it, or null for another query. */
export function addressFilter(query: string | null | undefined): ((customer: FakeCustomer) => boolean) | null {
  const match = /^(email|phone):"?([^"]+)"?$/.exec(query?.trim() ?? "");
  if (!match) return null;
  const wanted = match[2]!.toLowerCase();
  return (customer) => (match[1] === "email" ? customer.email?.toLowerCase() : customer.phone) === wanted;
}

export function customerWriteResolvers(customers: FakeCustomer[]) {
  const touch = (customer: FakeCustomer) => {
    customer.updatedAt = new Date().toISOString();
  };
  const byGid = (id: string) => customers.find((c) => c.id === localId(id));
  return {
    customerCreate: ({ input }: { input: CustomerInput }) => {
      const errors: { field: string[]; message: string }[] = [];
      if (!input.email && !input.phone && !input.firstName && !input.lastName) errors.push({ field: ["input"], message: "A name, phone number, or email address must be present" });
      if (input.email && customers.some((c) => c.email?.toLowerCase() === input.email!.toLowerCase())) errors.push({ field: ["email"], message: "Email has already been taken" });
      if (input.phone && customers.some((c) => c.phone === input.phone)) errors.push({ field: ["phone"], message: "Phone has already been taken" });
      if (input.emailMarketingConsent && !input.email) errors.push({ field: ["emailMarketingConsent"], message: "An email address is required to set the email marketing consent state." });
      if (input.smsMarketingConsent && !input.phone) errors.push({ field: ["smsMarketingConsent"], message: "A phone number is required to set the SMS consent state." });
      if (errors.length) return { customer: null, userErrors: errors };
      const now = new Date().toISOString();
      const customer: FakeCustomer = {
        id: String(9_100_000_000_000 + ++customerSeq),
        email: input.email ?? null,
        phone: input.phone ?? null,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        tags: [...new Set(input.tags ?? [])],
        emailMarketingState: (input.emailMarketingConsent?.marketingState as FakeCustomer["emailMarketingState"]) ?? "NOT_SUBSCRIBED",
        emailOptInLevel: (input.emailMarketingConsent?.marketingOptInLevel as FakeCustomer["emailOptInLevel"]) ?? null,
        emailConsentUpdatedAt: input.emailMarketingConsent?.consentUpdatedAt ?? null,
        smsMarketingState: (input.smsMarketingConsent?.marketingState as FakeCustomer["smsMarketingState"]) ?? "NOT_SUBSCRIBED",
        createdAt: now,
        updatedAt: now,
      };
      customers.push(customer);
      return { customer: { __typename: "Customer", id: gid(customer.id) }, userErrors: [] };
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      if (!id.startsWith("gid://shopify/Customer/")) throw new GraphQLError(`The fake Admin API tags customers only, not ${id}`);
      const customer = byGid(id);
      if (!customer) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      customer.tags = [...new Set([...(customer.tags ?? []), ...tags.map((t) => t.trim())])];
      touch(customer);
      return { node: { __typename: "Customer", id }, userErrors: [] };
    },
    customerEmailMarketingConsentUpdate: ({ input }: { input: { customerId: string; emailMarketingConsent: ConsentInput } }) => {
      const customer = byGid(input.customerId);
      if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
      if (!customer.email) return { customer: null, userErrors: [{ field: ["input", "emailMarketingConsent"], message: "Customer must have an email address", code: "MISSING_ARGUMENT" }] };
      customer.emailMarketingState = input.emailMarketingConsent.marketingState as FakeCustomer["emailMarketingState"];
      customer.emailOptInLevel = (input.emailMarketingConsent.marketingOptInLevel as FakeCustomer["emailOptInLevel"]) ?? customer.emailOptInLevel ?? null;
      customer.emailConsentUpdatedAt = input.emailMarketingConsent.consentUpdatedAt ?? null;
      touch(customer);
      return { customer: { __typename: "Customer", id: input.customerId }, userErrors: [] };
    },
    customerSmsMarketingConsentUpdate: ({ input }: { input: { customerId: string; smsMarketingConsent: ConsentInput } }) => {
      const customer = byGid(input.customerId);
      if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
      if (!customer.phone) return { customer: null, userErrors: [{ field: ["input", "smsMarketingConsent"], message: "Customer must have a phone number", code: "MISSING_ARGUMENT" }] };
      customer.smsMarketingState = input.smsMarketingConsent.marketingState as FakeCustomer["smsMarketingState"];
      touch(customer);
      return { customer: { __typename: "Customer", id: input.customerId }, userErrors: [] };
    },
  };
}
