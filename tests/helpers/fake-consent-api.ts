import { buildSchema, execute, parse, validate } from "graphql";
import type { AdminApi } from "../../app/platforms/shopify/admin-api.server";

/**
 * The Admin API's marketing-consent mutations, written from Shopify's reference
 * (customerEmailMarketingConsentUpdate, customerSmsMarketingConsentUpdate; their inputs accept
 * SUBSCRIBED, UNSUBSCRIBED and PENDING). Documents are parsed, validated against this slice and
 * executed, so a wrong field, type or enum fails the test as Shopify would refuse it.
 */
const schema = buildSchema(`
  scalar DateTime
  enum CustomerEmailMarketingState { NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED REDACTED INVALID }
  enum CustomerSmsMarketingState { NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED REDACTED }
  enum CustomerMarketingOptInLevel { SINGLE_OPT_IN CONFIRMED_OPT_IN UNKNOWN }
  input CustomerEmailMarketingConsentInput { marketingOptInLevel: CustomerMarketingOptInLevel, marketingState: CustomerEmailMarketingState!, consentUpdatedAt: DateTime, sourceLocationId: ID }
  input CustomerEmailMarketingConsentUpdateInput { customerId: ID!, emailMarketingConsent: CustomerEmailMarketingConsentInput! }
  input CustomerSmsMarketingConsentInput { marketingOptInLevel: CustomerMarketingOptInLevel, marketingState: CustomerSmsMarketingState!, consentUpdatedAt: DateTime, sourceLocationId: ID }
  input CustomerSmsMarketingConsentUpdateInput { customerId: ID!, smsMarketingConsent: CustomerSmsMarketingConsentInput! }
  type Customer { id: ID! }
  type CustomerEmailMarketingConsentUpdateUserError { field: [String!], message: String!, code: String }
  type CustomerSmsMarketingConsentError { field: [String!], message: String!, code: String }
  type CustomerEmailMarketingConsentUpdatePayload { customer: Customer, userErrors: [CustomerEmailMarketingConsentUpdateUserError!]! }
  type CustomerSmsMarketingConsentUpdatePayload { customer: Customer, userErrors: [CustomerSmsMarketingConsentError!]! }
  type Query { ok: Boolean }
  type Mutation {
    customerEmailMarketingConsentUpdate(input: CustomerEmailMarketingConsentUpdateInput!): CustomerEmailMarketingConsentUpdatePayload
    customerSmsMarketingConsentUpdate(input: CustomerSmsMarketingConsentUpdateInput!): CustomerSmsMarketingConsentUpdatePayload
  }
`);

export type ConsentCall = { mutation: string; input: Record<string, unknown> };

export function fakeConsentApi(shop: string, { userError }: { userError?: string } = {}): AdminApi & { calls: ConsentCall[] } {
  const calls: ConsentCall[] = [];
  const resolve = (mutation: string) => ({ input }: { input: Record<string, unknown> }) => {
    calls.push({ mutation, input });
    return userError ? { customer: null, userErrors: [{ field: ["input", "customerId"], message: userError }] } : { customer: { id: input.customerId }, userErrors: [] };
  };
  return {
    shop,
    calls,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const parsed = parse(document);
      const problems = validate(schema, parsed);
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
      const result = await execute({
        schema,
        document: parsed,
        variableValues: variables,
        rootValue: { customerEmailMarketingConsentUpdate: resolve("customerEmailMarketingConsentUpdate"), customerSmsMarketingConsentUpdate: resolve("customerSmsMarketingConsentUpdate") },
      });
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
      return result.data as T;
    },
  };
}
