import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphQLError, execute, parse, validate, type DocumentNode } from "graphql";
import { ADMIN_API_VERSION } from "../../app/platforms/shopify/admin-api.server";
import { addressFilter, customerWriteResolvers } from "./fake-shopify-customer-writes";
import { bulkQueryProblem, bulkRows, connection, pixelSettings, shopifySchema, updatedAfter, type FakeCustomer, type FakeLine, type FakeOrder, type ResolveContext } from "./fake-shopify-schema";

export { fakeCustomer, fakeOrder, type FakeCustomer, type FakeLine, type FakeOrder, type FakeRefund } from "./fake-shopify-schema";

/**
 * A Shopify Admin API on loopback for tests: real HTTP, real GraphQL (documents are parsed,
 * validated against the schema slice in fake-shopify-schema.ts and executed), bulk exports served
 * as JSONL files from its own URL. Stores are told apart by their access token (the app sends
 * `X-Shopify-Access-Token`; the URL carries no shop). Every request is recorded, and failures can be
 * injected: HTTP 500s, throttling, a revoked token, a download cut off mid-file.
 * Point the app at it with `SHOPIFY_ADMIN_API_ORIGIN = fake.origin`.
 */

export type RecordedRequest = { operationName: string | null; query: string; variables: Record<string, unknown>; token: string | null; status: number };
export type FakeBulkOperation = {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED" | "EXPIRED";
  errorCode: string | null;
  query: string;
  groupObjects: boolean;
  createdAt: string;
  completedAt: string | null;
  rows: Record<string, unknown>[] | null;
  roots: number;
};
type Failure = "http500" | "throttled" | "unauthorized";

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;
const localId = (value: string) => /^gid:\/\/shopify\/([A-Za-z]+)\/(.+)$/.exec(value);
let bulkSeq = 0;
let pixelSeq = 0;

/** One store behind the fake: its data, its bulk operations, what it was asked, what it should fail. */
export class FakeStore {
  shop = { name: "Fake Store", email: "owner@fake-store.example", ianaTimezone: "Europe/Berlin", currencyCode: "EUR", plan: { publicDisplayName: "Basic", partnerDevelopment: true, shopifyPlus: false } };
  customers: FakeCustomer[] = [];
  orders: FakeOrder[] = [];
  webPixel: { id: string; settings: string } | null = null;
  /** Flow triggers received (`flowTriggerReceive`), in order. */
  flowTriggers: { handle: string | null; payload: unknown }[] = [];
  /** The trigger handles deployed to this store; when set, any other handle is refused as Shopify does. */
  flowTriggerHandles: Set<string> | null = null;
  bulkOperations: FakeBulkOperation[] = [];
  requests: RecordedRequest[] = [];
  /** The token no longer works (uninstalled or revoked): every request answers 401. */
  revoked = false;
  /** "manual": exports run until `finishBulkOperation`; "immediately": they complete when created. */
  bulkCompletes: "manual" | "immediately" = "manual";
  private failures: { failure: Failure; operation?: string; times: number }[] = [];
  private cuts: number[] = [];

  constructor(
    readonly domain: string,
    readonly accessToken: string,
    private readonly origin: () => string,
  ) {}

  /** The next `times` requests (of one operation, if named) fail this way. */
  failNext(failure: Failure, { operation, times = 1 }: { operation?: string; times?: number } = {}): void {
    this.failures.push({ failure, operation, times });
  }

  /** The next bulk result download stops after `lines` lines (the connection is dropped). */
  cutNextDownload(lines: number): void {
    this.cuts.push(lines);
  }

  requestsFor(operationName: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationName === operationName);
  }

  pixelSettings(): Record<string, unknown> | null {
    return this.webPixel ? (JSON.parse(this.webPixel.settings) as Record<string, unknown>) : null;
  }

  running(): FakeBulkOperation | undefined {
    return this.bulkOperations.find((op) => op.status === "CREATED" || op.status === "RUNNING");
  }

  /**
   * Ends the running export (snapshotting the store's data now) and returns the body Shopify would
   * POST to the app's bulk_operations/finish subscription.
   */
  finishBulkOperation({ status = "COMPLETED", errorCode = null }: { status?: "COMPLETED" | "FAILED" | "CANCELED"; errorCode?: string | null } = {}): string {
    const op = this.running();
    if (!op) throw new Error(`${this.domain} has no running bulk operation`);
    if (status === "COMPLETED") {
      const result = execute({ schema: shopifySchema, document: parse(op.query), rootValue: this.root({ bulk: true }), contextValue: { bulk: true } }) as { data?: Record<string, unknown>; errors?: readonly GraphQLError[] };
      if (result.errors?.length) throw new Error(`bulk query failed in the fake: ${result.errors.map((e) => e.message).join("; ")}`);
      const { rows, roots } = bulkRows(result.data!, op.groupObjects);
      Object.assign(op, { rows, roots });
    }
    Object.assign(op, { status, errorCode, completedAt: new Date().toISOString() });
    return JSON.stringify({ admin_graphql_api_id: op.id, completed_at: op.completedAt, created_at: op.createdAt, error_code: errorCode?.toLowerCase() ?? null, status: status.toLowerCase(), type: "query" });
  }

  /** The result link lapsed (Shopify keeps it 7 days): the status says EXPIRED, the download answers 403. */
  expireBulkOperation(id: string): void {
    const op = this.bulkOperations.find((o) => o.id === id);
    if (!op) throw new Error(`no bulk operation ${id}`);
    op.status = "EXPIRED";
  }

  resultUrl(op: FakeBulkOperation): string | null {
    return op.status === "COMPLETED" || op.status === "EXPIRED" ? (op.rows?.length ? `${this.origin()}/bulk-results/${localId(op.id)![2]}.jsonl` : null) : null;
  }

  /** @internal the server's side */
  takeFailure(operationName: string | null): Failure | null {
    const index = this.failures.findIndex((f) => f.times > 0 && (!f.operation || f.operation === operationName));
    if (index < 0) return null;
    const entry = this.failures[index];
    if (--entry.times === 0) this.failures.splice(index, 1);
    return entry.failure;
  }

  /** @internal */
  takeCut(): number | null {
    return this.cuts.shift() ?? null;
  }

  /** @internal the resolvers, over this store's data */
  root(ctx: ResolveContext): Record<string, unknown> {
    const sorted = <T extends { id: string; updatedAt: string }>(items: T[], args: { query?: string | null; sortKey?: string | null; reverse?: boolean | null }) => {
      const keep = updatedAfter(args.query);
      const list = items.filter((item) => !keep || keep(item.updatedAt));
      list.sort((a, b) => (args.sortKey === "UPDATED_AT" ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt) : 0) || (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
      return args.reverse ? list.reverse() : list;
    };
    const node = (id: string) => {
      const [, type, value] = localId(id) ?? [];
      if (type === "Customer") return this.customerNode(this.customers.find((c) => c.id === value));
      if (type === "Order") return this.orderNode(this.orders.find((o) => o.id === value), ctx);
      if (type === "BulkOperation") return this.bulkNode(this.bulkOperations.find((op) => op.id === id));
      return null;
    };
    return {
      shop: () => ({ __typename: "Shop", id: gid("Shop", "1"), ...this.shop }),
      customers: (args: { query?: string; sortKey?: string; reverse?: boolean; first?: number; after?: string }) => {
        const byAddress = addressFilter(args.query);
        const list = byAddress ? this.customers.filter(byAddress) : sorted(this.customers, args);
        return connection(list, args, ctx, (c) => this.customerNode(c)!);
      },
      orders: (args: { query?: string; sortKey?: string; reverse?: boolean; first?: number; after?: string }) => connection(sorted(this.orders, args), args, ctx, (o) => this.orderNode(o, ctx)!),
      node: ({ id }: { id: string }) => node(id),
      nodes: ({ ids }: { ids: string[] }) => ids.map(node),
      currentBulkOperation: () => this.bulkNode(this.bulkOperations.at(-1)),
      webPixel: () => (this.webPixel ? { __typename: "WebPixel", ...this.webPixel } : null),
      bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects: boolean }) => this.runBulk(query, groupObjects),
      webPixelCreate: ({ webPixel }: { webPixel: { settings: unknown } }) => {
        const settings = pixelSettings(webPixel.settings);
        if (typeof settings !== "string") return { webPixel: null, userErrors: [settings] };
        if (this.webPixel) return { webPixel: null, userErrors: [{ field: ["webPixel"], message: "Web pixel is taken.", code: "TAKEN" }] };
        this.webPixel = { id: gid("WebPixel", String(++pixelSeq)), settings };
        return { webPixel: { __typename: "WebPixel", ...this.webPixel }, userErrors: [] };
      },
      flowTriggerReceive: ({ handle, payload, body }: { handle?: string | null; payload?: unknown; body?: string | null }) => {
        if (body != null) return { userErrors: [{ field: ["body"], message: "body is deprecated; send handle and payload" }] };
        if (!handle || (this.flowTriggerHandles && !this.flowTriggerHandles.has(handle))) return { userErrors: [{ field: ["handle"], message: `Invalid handle: ${handle ?? "(none)"}` }] };
        if (JSON.stringify(payload ?? null).length >= 50_000) return { userErrors: [{ field: ["payload"], message: "Payload is too large (50,000 bytes at most)" }] };
        this.flowTriggers.push({ handle, payload });
        return { userErrors: [] };
      },
      ...customerWriteResolvers(this.customers),
      webPixelUpdate: ({ id, webPixel }: { id: string; webPixel: { settings: unknown } }) => {
        if (!this.webPixel || this.webPixel.id !== id) return { webPixel: null, userErrors: [{ field: ["id"], message: "Web pixel not found.", code: "NOT_FOUND" }] };
        const settings = pixelSettings(webPixel.settings);
        if (typeof settings !== "string") return { webPixel: null, userErrors: [settings] };
        this.webPixel.settings = settings;
        return { webPixel: { __typename: "WebPixel", ...this.webPixel }, userErrors: [] };
      },
    };
  }

  private runBulk(query: string, groupObjects: boolean) {
    const refuse = (message: string, code: string | null = "INVALID") => ({ bulkOperation: null, userErrors: [{ field: ["query"], message, code }] });
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return refuse(`Invalid bulk query: ${(error as Error).message}`);
    }
    const invalid = validate(shopifySchema, document);
    if (invalid.length > 0) return refuse(`Invalid bulk query: ${invalid.map((e) => e.message).join("; ")}`);
    const problem = bulkQueryProblem(document);
    if (problem) return refuse(problem);
    const busy = this.running();
    if (busy) return refuse(`A bulk query operation for this app and shop is already in progress: ${busy.id}.`, "OPERATION_IN_PROGRESS");
    const op: FakeBulkOperation = { id: gid("BulkOperation", String(++bulkSeq)), status: "RUNNING", errorCode: null, query, groupObjects, createdAt: new Date().toISOString(), completedAt: null, rows: null, roots: 0 };
    this.bulkOperations.push(op);
    if (this.bulkCompletes === "immediately") this.finishBulkOperation();
    return { bulkOperation: { __typename: "BulkOperation", id: op.id, status: "CREATED" }, userErrors: [] };
  }

  private bulkNode(op: FakeBulkOperation | undefined) {
    if (!op) return null;
    return {
      __typename: "BulkOperation", id: op.id, status: op.status, errorCode: op.errorCode, type: "QUERY", query: op.query,
      objectCount: String(op.rows?.length ?? 0), rootObjectCount: String(op.roots), fileSize: op.rows ? String(op.rows.map((r) => JSON.stringify(r)).join("\n").length) : null,
      url: this.resultUrl(op), partialDataUrl: null, createdAt: op.createdAt, completedAt: op.completedAt,
    };
  }

  private customerNode(c: FakeCustomer | undefined) {
    if (!c) return null;
    return {
      __typename: "Customer", id: gid("Customer", c.id), firstName: c.firstName ?? null, lastName: c.lastName ?? null, state: c.state ?? "ENABLED",
      tags: c.tags ?? [], locale: c.locale ?? "en", note: c.note ?? null, createdAt: c.createdAt, updatedAt: c.updatedAt,
      defaultEmailAddress: c.email
        ? { emailAddress: c.email, marketingState: c.emailMarketingState ?? "NOT_SUBSCRIBED", marketingOptInLevel: c.emailOptInLevel ?? null, marketingUpdatedAt: c.emailConsentUpdatedAt ?? null }
        : null,
      defaultPhoneNumber: c.phone ? { phoneNumber: c.phone, marketingState: c.smsMarketingState ?? "NOT_SUBSCRIBED", marketingUpdatedAt: null } : null,
      defaultAddress: c.address ? { countryCodeV2: c.address.countryCode ?? null, provinceCode: c.address.provinceCode ?? null, city: c.address.city ?? null, zip: c.address.zip ?? null } : null,
      companyContactProfiles: (c.companies ?? []).map((p) => ({
        __typename: "CompanyContact", id: gid("CompanyContact", p.contactId), company: { __typename: "Company", id: gid("Company", p.companyId), name: p.name },
      })),
      metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
        const value = c.metafields?.[`${namespace}.${key}`];
        return value === undefined ? null : { value };
      },
    };
  }

  private orderNode(o: FakeOrder | undefined, ctx: ResolveContext) {
    if (!o) return null;
    const currency = o.currency ?? this.shop.currencyCode;
    const money = (amount: string) => ({ shopMoney: { amount, currencyCode: currency }, presentmentMoney: { amount, currencyCode: currency } });
    const line = (l: FakeLine) => ({
      __typename: "LineItem", id: gid("LineItem", l.id), title: l.title, quantity: l.quantity, originalUnitPriceSet: money(l.price),
      discountedTotalSet: money(l.discountedTotal ?? (Number(l.price) * l.quantity).toFixed(2)),
      product: l.productId ? { __typename: "Product", id: gid("Product", l.productId), productType: l.productType ?? "", tags: l.productTags ?? [] } : null,
      variant: l.variantId ? { __typename: "ProductVariant", id: gid("ProductVariant", l.variantId) } : null,
    });
    const customer = o.customerId ? (this.customerNode(this.customers.find((c) => c.id === o.customerId)) ?? { __typename: "Customer", id: gid("Customer", o.customerId) }) : null;
    return {
      __typename: "Order", id: gid("Order", o.id), name: o.name, email: o.email ?? null, createdAt: o.createdAt, updatedAt: o.updatedAt,
      processedAt: o.processedAt ?? o.createdAt, cancelledAt: o.cancelledAt ?? null, displayFinancialStatus: o.financialStatus ?? "PAID",
      displayFulfillmentStatus: o.fulfillmentStatus ?? "UNFULFILLED", discountCodes: o.discountCodes ?? [],
      totalPriceSet: money(o.total), subtotalPriceSet: money(o.subtotal ?? o.total), totalDiscountsSet: money(o.discounts ?? "0.00"), customer,
      refunds: () =>
        (o.refunds ?? []).map((r) => ({
          __typename: "Refund", id: gid("Refund", r.id), createdAt: r.createdAt, totalRefundedSet: money(r.amount),
          refundLineItems: (args: { first?: number; after?: string }) => connection(r.lines, args, ctx, (rl) => ({ quantity: rl.quantity, lineItem: line(o.lines.find((l) => l.id === rl.lineItemId)!) })),
        })),
      lineItems: (args: { first?: number; after?: string }) => connection(o.lines, args, ctx, line),
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

export class FakeShopifyAdmin {
  readonly stores = new Map<string, FakeStore>();
  /** Every request, whichever store (or none) it reached. */
  readonly requests: RecordedRequest[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeShopifyAdmin> {
    const server = createServer();
    const fake = new FakeShopifyAdmin(server);
    server.on("request", (req, res) => void fake.handle(req, res).catch((error: Error) => send(res, 500, { errors: [{ message: error.message }] })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  addStore(domain: string, accessToken = `shpat_${domain.split(".")[0]}`): FakeStore {
    const store = new FakeStore(domain, accessToken, () => this.origin);
    this.stores.set(accessToken, store);
    return store;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    const download = /^\/bulk-results\/(\d+)\.jsonl$/.exec(url.pathname);
    if (download && req.method === "GET") return this.download(gid("BulkOperation", download[1]), res);
    const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (!api || req.method !== "POST") return send(res, 404, { errors: "Not Found" });
    if (api[1] !== ADMIN_API_VERSION) return send(res, 404, { errors: `API version ${api[1]} is not served by the fake` });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    const token = (req.headers["x-shopify-access-token"] as string | undefined) ?? null;
    const store = token ? this.stores.get(token) : undefined;
    let operationName = body.operationName ?? null;
    let document: DocumentNode | null = null;
    try {
      document = parse(body.query);
      operationName ??= document.definitions.map((d) => (d.kind === "OperationDefinition" ? (d.name?.value ?? null) : null)).find(Boolean) ?? null;
    } catch {
      // answered below as a GraphQL syntax error
    }
    const record: RecordedRequest = { operationName, query: body.query, variables: body.variables ?? {}, token, status: 200 };
    this.requests.push(record);
    store?.requests.push(record);
    const reply = (status: number, payload: unknown) => {
      record.status = status;
      send(res, status, payload);
    };
    if (!store || store.revoked) return reply(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const failure = store.takeFailure(operationName);
    if (failure === "http500") return reply(500, { errors: "Internal Server Error" });
    if (failure === "unauthorized") return reply(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    if (failure === "throttled") {
      return reply(200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: 50, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 45, restoreRate: 100 } } },
      });
    }
    if (!document) return reply(200, { errors: [{ message: "syntax error in the GraphQL document" }] });
    const invalid = validate(shopifySchema, document);
    if (invalid.length > 0) return reply(200, { errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) });
    const ctx = { bulk: false };
    const result = await execute({ schema: shopifySchema, document, rootValue: store.root(ctx), contextValue: ctx, variableValues: body.variables, operationName: body.operationName });
    reply(200, {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}),
      extensions: { cost: { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } } },
    });
  }

  private download(id: string, res: ServerResponse): void {
    const store = [...this.stores.values()].find((s) => s.bulkOperations.some((op) => op.id === id));
    const op = store?.bulkOperations.find((o) => o.id === id);
    if (!store || !op?.rows) return send(res, 404, { errors: "Not Found" });
    if (op.status === "EXPIRED") {
      res.writeHead(403, { "Content-Type": "application/xml" });
      return void res.end("<Error><Code>ExpiredToken</Code></Error>");
    }
    const cut = store.takeCut();
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    for (const row of cut === null ? op.rows : op.rows.slice(0, cut)) res.write(`${JSON.stringify(row)}\n`);
    if (cut !== null && cut < op.rows.length) {
      // drop the connection mid-file, after what was written has left
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.end();
  }
}
