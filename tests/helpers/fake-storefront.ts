import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Liquid } from "liquidjs";
import { parse } from "smol-toml";
import { appProxyUrl } from "./app-proxy";
import { PROJECT_ROOT } from "./server";

/**
 * A storefront on loopback for the signup popup, playing both Shopify parts the popup meets:
 *
 * - the theme: `/` is a page with the app embed block (extensions/signup-popup/blocks/popup.liquid,
 *   rendered with LiquidJS from the schema's defaults plus the test's settings) and its assets,
 *   loaded the way the `javascript`/`stylesheet` schema attributes load them;
 * - the app proxy ([app_proxy] in shopify.app.toml): `/{prefix}/{subpath}/…` is forwarded to the
 *   app's proxy URL path on `appUrl`, with the query Shopify adds, signed with `secret`, and the
 *   visitor's address in X-Forwarded-For.
 */

const EXTENSION = `${PROJECT_ROOT}/extensions/signup-popup`;
type Setting = { id?: string; default?: unknown };

export function renderPopupBlock(settings: Record<string, unknown> = {}, { country = "US", locale = "en" } = {}): string {
  const source = readFileSync(`${EXTENSION}/blocks/popup.liquid`, "utf8");
  const schema = JSON.parse(/\{%\s*schema\s*%\}([\s\S]*?)\{%\s*endschema\s*%\}/.exec(source)![1]!) as { settings: Setting[] };
  const defaults = Object.fromEntries(schema.settings.filter((s) => s.id).map((s) => [s.id!, s.default ?? ""]));
  const markup = source.replace(/\{%\s*schema\s*%\}[\s\S]*?\{%\s*endschema\s*%\}/, "");
  return new Liquid().parseAndRenderSync(markup, { block: { settings: { ...defaults, ...settings } }, localization: { country: { iso_code: country } }, request: { locale: { iso_code: locale } } });
}

export class FakeStorefront {
  private constructor(
    private readonly server: Server,
    readonly options: { appUrl: string; shop: string; secret: string; settings: Record<string, unknown> },
  ) {}

  static async start(options: { appUrl: string; shop: string; secret: string; settings?: Record<string, unknown> }): Promise<FakeStorefront> {
    const server = createServer();
    const storefront = new FakeStorefront(server, { settings: {}, ...options });
    server.on("request", (req, res) => void storefront.handle(req, res).catch((error: Error) => send(res, 502, "text/plain", error.message)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return storefront;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The theme editor's block settings for the next page loads. */
  configure(settings: Record<string, unknown>): void {
    this.options.settings = settings;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const proxy = (parse(readFileSync(`${PROJECT_ROOT}/shopify.app.toml`, "utf8")) as { app_proxy: { url: string; prefix: string; subpath: string } }).app_proxy;
    const proxied = `/${proxy.prefix}/${proxy.subpath}`;
    if (url.pathname.startsWith(`${proxied}/`)) return this.forward(req, res, url, proxied, new URL(proxy.url).pathname);
    if (url.pathname === "/assets/popup.js") return send(res, 200, "text/javascript", readFileSync(`${EXTENSION}/assets/popup.js`));
    if (url.pathname === "/assets/popup.css") return send(res, 200, "text/css", readFileSync(`${EXTENSION}/assets/popup.css`));
    if (url.pathname !== "/") return send(res, 404, "text/plain", "Not found");
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo Outfitters</title>
<link rel="stylesheet" href="/assets/popup.css"></head>
<body><header><a href="/">Demo Outfitters</a></header><main><h1>New arrivals</h1><button type="button">Add to cart</button></main>
${renderPopupBlock(this.options.settings)}
<script src="/assets/popup.js" defer></script></body></html>`;
    send(res, 200, "text/html; charset=utf-8", page);
  }

  private async forward(req: IncomingMessage, res: ServerResponse, url: URL, proxied: string, proxyPath: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = appProxyUrl(`${this.options.appUrl}${proxyPath}${url.pathname.slice(proxied.length)}`, {
      shop: this.options.shop,
      secret: this.options.secret,
      pathPrefix: proxied,
      query: [...url.searchParams.entries()],
    });
    const answer = await fetch(target, {
      method: req.method,
      headers: { "Content-Type": req.headers["content-type"] ?? "application/octet-stream", "X-Forwarded-For": req.socket.remoteAddress ?? "127.0.0.1" },
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    send(res, answer.status, answer.headers.get("content-type") ?? "application/octet-stream", Buffer.from(await answer.arrayBuffer()));
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}
