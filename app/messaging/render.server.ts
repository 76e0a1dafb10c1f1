import { Liquid } from "liquidjs";
import type { Channel } from "../../db/enums";

/**
 * Message rendering with LiquidJS (Shopify's template language): merge fields such as
 * `{{ first_name | default: "there" }}` and `{{ coupon_code }}`, then link tracking, the open
 * pixel and the unsubscribe link. Templates are the merchant's; values are the contact's and are
 * HTML-escaped in emails. No file access (`include`/`render` find nothing), and parse/render limits
 * stop a runaway loop.
 */

export type MessageTemplate = { subject?: string | null; body: string };
export type MergeFields = {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  shop_name: string;
  coupon_code: string | null;
  coupon_url: string | null;
};
export type TrackedLink = { url: string; coupon: boolean };

/** Builds absolute app URLs for the message being rendered (signed tokens are made by the caller). */
export type LinkFactory = {
  /** The double opt-in confirmation page (`{{ confirm_url }}`), for an opt-in confirmation only. */
  confirmUrl?: string | null;
  unsubscribeUrl: string;
  openPixelUrl: string;
  clickUrl: (linkIndex: number) => string;
};

export type RenderedMessage = { subject: string | null; body: string; links: TrackedLink[] };

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

const LIMITS = { parseLimit: 200_000, renderLimit: 2_000, memoryLimit: 20_000_000 };
const htmlEngine = new Liquid({ ...LIMITS, templates: {}, strictFilters: true, ownPropertyOnly: true, cache: false, outputEscape: "escape" });
const textEngine = new Liquid({ ...LIMITS, templates: {}, strictFilters: true, ownPropertyOnly: true, cache: false });

export const MAX_SUBJECT_CHARS = 300;
export const MAX_EMAIL_BODY_CHARS = 200_000;
export const MAX_SMS_BODY_CHARS = 1_600;
export const SMS_STOP_NOTICE = "Reply STOP to opt out.";

/** Checks that a template parses and fits (for saving templates and for enqueueing inline ones). */
export function checkTemplate(channel: Channel, template: MessageTemplate): string | null {
  if (!template.body.trim()) return "The message is empty";
  if (channel === "email" && !template.subject?.trim()) return "An email needs a subject";
  if (channel === "email" && (template.subject ?? "").length > MAX_SUBJECT_CHARS) return `Subjects are at most ${MAX_SUBJECT_CHARS} characters`;
  if (template.body.length > (channel === "email" ? MAX_EMAIL_BODY_CHARS : MAX_SMS_BODY_CHARS)) return "The message is too long";
  try {
    if (channel === "email") htmlEngine.parse(template.subject ?? "");
    (channel === "email" ? htmlEngine : textEngine).parse(template.body);
    return null;
  } catch (error) {
    return `Template error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function renderLiquid(engine: Liquid, source: string, fields: MergeFields & { unsubscribe_url: string; confirm_url: string | null }): string {
  try {
    return String(engine.parseAndRenderSync(source, fields));
  } catch (error) {
    throw new TemplateError(`Template error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const unescapeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const escapeAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** Every http(s) link of the email's HTML goes through a signed redirect; the unsubscribe and confirmation links stay direct. */
function trackHtmlLinks(html: string, fields: MergeFields, links: LinkFactory, tracked: TrackedLink[]): string {
  return html.replace(/\bhref\s*=\s*(["'])(https?:\/\/[^"']+)\1/gi, (whole, quote: string, raw: string) => {
    const url = unescapeHtml(raw);
    if (url === links.unsubscribeUrl || url === links.confirmUrl) return whole;
    let index = tracked.findIndex((l) => l.url === url);
    if (index < 0) index = tracked.push({ url, coupon: url === fields.coupon_url }) - 1;
    return `href=${quote}${escapeAttribute(links.clickUrl(index))}${quote}`;
  });
}

/** Bare URLs in an SMS become short signed redirects. */
function trackTextLinks(text: string, fields: MergeFields, links: LinkFactory, tracked: TrackedLink[]): string {
  return text.replace(/https?:\/\/[^\s<>"]+/gi, (found) => {
    const url = found.replace(/[.,;:!?)\]]+$/, "");
    const tail = found.slice(url.length);
    if (url === links.unsubscribeUrl) return found;
    let index = tracked.findIndex((l) => l.url === url);
    if (index < 0) index = tracked.push({ url, coupon: url === fields.coupon_url }) - 1;
    return `${links.clickUrl(index)}${tail}`;
  });
}

function withFooter(html: string, links: LinkFactory): string {
  const hasUnsubscribe = html.includes(escapeAttribute(links.unsubscribeUrl)) || html.includes(links.unsubscribeUrl);
  const footer =
    (hasUnsubscribe ? "" : `<p style="font-size:12px;color:#6d7175"><a href="${escapeAttribute(links.unsubscribeUrl)}">Unsubscribe</a></p>`) +
    `<img src="${escapeAttribute(links.openPixelUrl)}" width="1" height="1" alt="" style="display:none">`;
  const close = html.search(/<\/body>/i);
  return close >= 0 ? `${html.slice(0, close)}${footer}${html.slice(close)}` : `${html}${footer}`;
}

/**
 * Renders one message for one contact. Emails: subject and HTML body with escaped merge fields,
 * tracked links, an unsubscribe link (added when the template has none) and the open pixel. SMS:
 * text with short tracked links and the STOP notice (added when missing).
 */
export function renderMessage(channel: Channel, template: MessageTemplate, fields: MergeFields, links: LinkFactory): RenderedMessage {
  const scope = { ...fields, unsubscribe_url: links.unsubscribeUrl, confirm_url: links.confirmUrl ?? null };
  const tracked: TrackedLink[] = [];
  if (channel === "email") {
    const subject = renderLiquid(textEngine, template.subject ?? "", scope).replace(/\s+/g, " ").trim().slice(0, MAX_SUBJECT_CHARS);
    const html = renderLiquid(htmlEngine, template.body, scope);
    return { subject, body: withFooter(trackHtmlLinks(html, fields, links, tracked), links), links: tracked };
  }
  let text = trackTextLinks(renderLiquid(textEngine, template.body, scope).trim(), fields, links, tracked);
  if (!/\bSTOP\b/.test(text)) text = `${text}\n${SMS_STOP_NOTICE}`;
  return { subject: null, body: text, links: tracked };
}
