import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { PopupSubmissionFields } from "../../app/popup/submission";

/**
 * The signup popup theme app extension (extensions/signup-popup) against Shopify's rules for theme
 * app extensions (shopify.dev: "Configure theme app extensions": type `theme`, app embed blocks
 * with `"target": "body"`, assets loaded through the `javascript`/`stylesheet` schema attributes,
 * range settings of at most 101 steps) and against the app: the endpoint it posts to is the app
 * proxy's, and its form fields are the ones the signup route reads.
 */

const root = new URL("../../extensions/signup-popup/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const liquid = read("blocks/popup.liquid");
const script = read("assets/popup.js");

type Setting = { type: string; id?: string; default?: unknown; min?: number; max?: number; step?: number; options?: { value: string }[] };
const schema = JSON.parse(/\{%\s*schema\s*%\}([\s\S]*?)\{%\s*endschema\s*%\}/.exec(liquid)![1]!) as { name: string; target: string; javascript: string; stylesheet: string; settings: Setting[] };
const appToml = parse(readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8")) as { app_proxy: { url: string; prefix: string; subpath: string } };

describe("the signup popup theme app extension", () => {
  it("is a theme extension whose popup is an app embed block", () => {
    expect(parse(read("shopify.extension.toml"))).toEqual({ name: "signup-popup", type: "theme" });
    expect(schema.target).toBe("body");
    expect(schema.name.length).toBeLessThanOrEqual(25); // the theme editor's limit for block names
  });

  it("loads its script and stylesheet from the extension's assets", () => {
    for (const asset of [schema.javascript, schema.stylesheet]) expect(existsSync(new URL(`assets/${asset}`, root)), asset).toBe(true);
  });

  it("declares every setting the markup reads, once, with valid defaults", () => {
    const ids = schema.settings.filter((s) => s.id).map((s) => s.id!);
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set([...liquid.matchAll(/block\.settings\.(\w+)/g)].map((m) => m[1]!));
    expect([...used].filter((id) => !ids.includes(id))).toEqual([]);
    for (const setting of schema.settings) {
      if (setting.type === "range") {
        expect(((setting.max! - setting.min!) / setting.step!), setting.id).toBeLessThanOrEqual(100);
        expect(setting.default as number).toBeGreaterThanOrEqual(setting.min!);
        expect(setting.default as number).toBeLessThanOrEqual(setting.max!);
      }
      if (setting.type === "select") expect(setting.options!.map((o) => o.value)).toContain(setting.default);
    }
  });

  it("posts to the app proxy path that shopify.app.toml forwards to the signup route", () => {
    const { prefix, subpath } = appToml.app_proxy;
    expect(/data-endpoint="([^"]+)"/.exec(liquid)![1]).toBe(`/${prefix}/${subpath}/signup`);
  });

  it("names its form fields and posted keys as the signup route reads them", () => {
    const fields = Object.keys(PopupSubmissionFields.shape);
    const named = [...liquid.matchAll(/\bname="(\w+)"/g)].map((m) => m[1]!);
    expect(named.filter((name) => !fields.includes(name))).toEqual([]);
    const body = /var body = \{([\s\S]*?)\};/.exec(script)![1]!;
    const posted = [...body.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
    expect(posted.filter((key) => !fields.includes(key))).toEqual([]);
    expect(posted).toEqual(expect.arrayContaining(["email", "phone", "firstName", "emailConsent", "smsConsent", "emailConsentText", "smsConsentText", "country", "locale", "tags"]));
  });

  it("is a labelled modal dialog whose inputs all have labels", () => {
    expect(liquid).toMatch(/role="dialog"[^>]*aria-modal="true"[^>]*aria-labelledby="sf-popup-title"/);
    for (const [, id] of liquid.matchAll(/<input class="sf-popup__input" id="([\w-]+)"/g)) expect(liquid).toContain(`<label class="sf-popup__label" for="${id}">`);
    expect(liquid).toMatch(/class="sf-popup__close"[^>]*aria-label=/);
  });
});
