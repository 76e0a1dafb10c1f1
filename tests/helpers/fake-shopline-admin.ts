import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, execute, parse, validate, type DocumentNode } from "graphql";
import { connection } from "./fake-shopify-schema";

/**
 * SHOPLINE's GraphQL Admin API on loopback for tests: `POST /admin/graph/{version}/graphql.json`
 * with `Authorization: Bearer {token}`, the `customers` connection (developer.shopline.com: Query
 * customers, CustomerConnection, Customer, CustomerSortKeys), validated and executed with graphql-js.
 * Rate limiting answers HTTP 429 `{"errors":"Too many request"}` as SHOPLINE documents it.
 * Also the REST "Query store information" (`GET /admin/openapi/{version}/merchants/shop.json` →
 * `{ data: { name, email, customer_email, iana_timezone, currency, … } }`, scope
 * `read_store_information`); a token without that scope is answered 403 (SHOPLINE does not document
 * the status for a missing scope).
 */

const SDL = /* GraphQL */ `
  scalar Date
  enum CustomerSortKeys { FINAL_AMOUNT FINAL_ORDER_CNT FIRST_ORDER_TIME LAST_ABANDONED_CREATE_TIME LAST_ORDER_TIME UPDATE_TIME CREATE_TIME }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type MailingAddress { city: String countryCodeV2: String provinceCode: String zip: String }
  type CustomerEmailMarketingConsentState { consentUpdatedAt: Date marketingState: String }
  type CustomerSmsMarketingConsentState { consentUpdatedAt: Date marketingState: String }
  type Customer {
    id: ID! locale: String state: String firstName: String lastName: String email: String phone: String
    createdAt: Date updatedAt: Date note: String tags: [String]
    defaultAddress: MailingAddress emailMarketingConsent: CustomerEmailMarketingConsentState smsMarketingConsent: CustomerSmsMarketingConsentState
  }
  type CustomerEdge { cursor: String! node: Customer! }
  type CustomerConnection { edges: [CustomerEdge!] nodes: [Customer] pageInfo: PageInfo! }
  type Query {
    customers(first: Int, after: String, last: Int, before: String, reverse: Boolean, sortKey: CustomerSortKeys, rawQuery: String): CustomerConnection
  }
`;
const schema = buildSchema(SDL);

export type FakeShoplineCustomer = {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  state?: string | null;
  locale?: string | null;
  note?: string | null;
  tags?: string[];
  createdAt: string;
  updatedAt: string;
  emailMarketingState?: string | null;
  smsMarketingState?: string | null;
  address?: { city?: string; countryCodeV2?: string; provinceCode?: string; zip?: string } | null;
};

/** The store's information as "Query store information" returns it (`data`). */
export type FakeShoplineStore = {
  id: string;
  name: string;
  domain: string;
  email: string;
  customer_email: string;
  iana_timezone: string;
  currency: string;
  language: string;
  location_country_code: string;
  biz_store_status: number;
  created_at: string;
  updated_at: string;
};

type Failure = "http429" | "http500" | "unauthorized";
export type ShoplineRequest = { version: string; variables: Record<string, unknown>; status: number; token: string | null };
/** Handles a request before the GraphQL endpoint does (the OAuth fake plugs in here); true when it answered. */
export type ShoplineRouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export class FakeShoplineAdmin {
  customers: FakeShoplineCustomer[] = [];
  requests: ShoplineRequest[] = [];
  private failures: { failure: Failure; skip: number; times: number }[] = [];
  /** Which bearer tokens the Admin API accepts (by default the one fixed token). */
  tokenValid: (token: string) => boolean = (token) => token === this.accessToken;
  /** The scopes a token was granted (comma-separated), or null for every scope. */
  tokenScope: (token: string) => string | null = () => null;
  store: FakeShoplineStore = {
    id: "1672369729606",
    name: "Open Store",
    domain: "open001.myshopline.com",
    email: "owner@open-store.example",
    customer_email: "hello@open-store.example",
    iana_timezone: "Asia/Singapore",
    currency: "SGD",
    language: "en",
    location_country_code: "SG",
    biz_store_status: 2,
    created_at: "2023-04-12T22:59:52+08:00",
    updated_at: "2025-06-01T10:00:00+08:00",
  };
  /** Status codes the store information endpoint answered, in order. */
  storeInfoRequests: number[] = [];
  private routes: ShoplineRouteHandler[] = [];
  private constructor(
    private readonly server: Server,
    readonly accessToken: string,
  ) {}

  static async start(accessToken = "shopline-token"): Promise<FakeShoplineAdmin> {
    const server = createServer();
    const fake = new FakeShoplineAdmin(server, accessToken);
    server.on("request", (req, res) => void fake.handle(req, res).catch((error: Error) => send(res, 500, { errors: error.message })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  use(handler: ShoplineRouteHandler): void {
    this.routes.push(handler);
  }

  /** After `skip` more requests succeed, the next `times` fail this way. */
  failNext(failure: Failure, { skip = 0, times = 1 }: { skip?: number; times?: number } = {}): void {
    this.failures.push({ failure, skip, times });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private takeFailure(): Failure | null {
    const next = this.failures[0];
    if (!next) return null;
    if (next.skip > 0) {
      next.skip--;
      return null;
    }
    if (--next.times === 0) this.failures.shift();
    return next.failure;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    for (const route of this.routes) if (await route(req, res, url)) return;
    if (/^\/admin\/openapi\/v\d{8}\/merchants\/shop\.json$/.test(url.pathname) && req.method === "GET") return this.storeInfo(req, res);
    const match = /^\/admin\/graph\/(v\d{8})\/graphql\.json$/.exec(url.pathname);
    if (!match || req.method !== "POST") return send(res, 404, { errors: "Not Found" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string; variables?: Record<string, unknown> };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const record: ShoplineRequest = { version: match[1], variables: body.variables ?? {}, status: 200, token: bearer };
    this.requests.push(record);
    const reply = (status: number, payload: unknown) => {
      record.status = status;
      send(res, status, payload);
    };
    if (!bearer || !this.tokenValid(bearer)) return reply(401, { errors: "Unauthorized" });
    const failure = this.takeFailure();
    if (failure === "http429") return reply(429, { errors: "Too many request" });
    if (failure === "http500") return reply(500, { errors: "Internal Server Error" });
    if (failure === "unauthorized") return reply(401, { errors: "Unauthorized" });
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return reply(200, { errors: [{ message: (error as Error).message }] });
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return reply(200, { errors: invalid.map((e) => ({ message: e.message })) });
    const ctx = { bulk: false };
    const result = await execute({ schema, document, variableValues: body.variables, contextValue: ctx, rootValue: this.root(ctx) });
    reply(200, { data: result.data, ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message })) } : {}) });
  }

  private storeInfo(req: IncomingMessage, res: ServerResponse): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const reply = (status: number, payload: unknown) => {
      this.storeInfoRequests.push(status);
      send(res, status, payload);
    };
    if (!bearer || !this.tokenValid(bearer)) return reply(401, { errors: "Unauthorized" });
    const scope = this.tokenScope(bearer);
    if (scope !== null && !scope.split(",").map((s) => s.trim()).includes("read_store_information")) return reply(403, { errors: "access scope read_store_information is required" });
    reply(200, { data: { ...this.store, id: Number(this.store.id), merchant_id: "2000234880", sales_channels: [{ channel_handle: "web" }] } });
  }

  private root(ctx: { bulk: boolean }) {
    return {
      customers: (args: { first?: number; after?: string; sortKey?: string; reverse?: boolean }) => {
        const list = [...this.customers].sort((a, b) =>
          args.sortKey === "UPDATE_TIME" ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.id.localeCompare(b.id) : Date.parse(a.createdAt) - Date.parse(b.createdAt),
        );
        if (args.reverse) list.reverse();
        return connection(list, args, ctx, (c) => ({
          id: `gid://shopline/Customer/${c.id}`, locale: c.locale ?? "en", state: c.state ?? "enabled", firstName: c.firstName ?? null, lastName: c.lastName ?? null,
          email: c.email ?? null, phone: c.phone ?? null, createdAt: c.createdAt, updatedAt: c.updatedAt, note: c.note ?? null, tags: c.tags ?? [],
          defaultAddress: c.address ?? null,
          emailMarketingConsent: c.emailMarketingState ? { marketingState: c.emailMarketingState, consentUpdatedAt: c.updatedAt } : null,
          smsMarketingConsent: c.smsMarketingState ? { marketingState: c.smsMarketingState, consentUpdatedAt: c.updatedAt } : null,
        }));
      },
    };
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}
