import { describe, expect, it } from "vitest";
import { checkTemplate, renderMessage, TemplateError, type LinkFactory, type MergeFields } from "../../../app/messaging/render.server";

const fields: MergeFields = { first_name: "Zoë", last_name: "O'Neil", email: "zoe@example.com", shop_name: "Demo Outfitters", coupon_code: "SAVE10", coupon_url: "https://demo.myshopify.com/discount/SAVE10" };
const links: LinkFactory = { unsubscribeUrl: "https://app.test/u/1.sig", openPixelUrl: "https://app.test/t/o/1.sig.gif", clickUrl: (i) => `https://app.test/t/c/1.${i}.sig` };

describe("rendering a message", () => {
  it("fills merge fields, escaping the contact's values in HTML", () => {
    const hostile = { ...fields, first_name: '<script>alert("x")</script>' };
    const { subject, body } = renderMessage("email", { subject: "Hi {{ first_name }}", body: "<p>Hi {{ first_name }}, use {{ coupon_code }}</p>" }, hostile, links);
    expect(subject).toBe('Hi <script>alert("x")</script>'); // a subject is text, not HTML
    expect(body).toContain("<p>Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;, use SAVE10</p>");
  });

  it("supports Liquid filters and defaults for missing values", () => {
    const { body } = renderMessage("sms", { body: '{{ first_name | default: "friend" | upcase }} at {{ shop_name }}' }, { ...fields, first_name: null }, links);
    expect(body.split("\n")[0]).toBe("FRIEND at Demo Outfitters");
  });

  it("routes every link through a tracked redirect, except the unsubscribe link, and marks the coupon link", () => {
    const template = { subject: "s", body: '<a href="https://shop.test/a">A</a> <a href="{{ coupon_url }}">C</a> <a href="https://shop.test/a">A again</a> <a href="{{ unsubscribe_url }}">Leave</a> <a href="mailto:x@y.z">Mail</a>' };
    const { body, links: tracked } = renderMessage("email", template, fields, links);
    expect(tracked).toEqual([
      { url: "https://shop.test/a", coupon: false },
      { url: fields.coupon_url, coupon: true },
    ]);
    expect(body).toContain('<a href="https://app.test/t/c/1.0.sig">A</a> <a href="https://app.test/t/c/1.1.sig">C</a> <a href="https://app.test/t/c/1.0.sig">A again</a>');
    expect(body).toContain(`<a href="${links.unsubscribeUrl}">Leave</a>`);
    expect(body).toContain('href="mailto:x@y.z"');
    expect(body.match(/Unsubscribe/g)).toBeNull(); // the template had its own link: no footer added
    expect(body).toContain(`<img src="${links.openPixelUrl}"`);
  });

  it("adds an unsubscribe footer and the open pixel before </body> when the template has none", () => {
    const { body } = renderMessage("email", { subject: "s", body: "<html><body><p>Hello</p></body></html>" }, fields, links);
    expect(body).toMatch(/<p>Hello<\/p><p [^>]*><a href="https:\/\/app\.test\/u\/1\.sig">Unsubscribe<\/a><\/p><img [^>]+><\/body><\/html>$/);
  });

  it("shortens SMS links and adds the STOP notice once", () => {
    const first = renderMessage("sms", { body: "New: https://shop.test/new-arrivals?ref=sms." }, fields, links);
    expect(first.body).toBe("New: https://app.test/t/c/1.0.sig.\nReply STOP to opt out.");
    const own = renderMessage("sms", { body: "Text STOP to quit" }, fields, links);
    expect(own.body).toBe("Text STOP to quit");
  });

  it("reads no files and refuses broken templates", () => {
    expect(() => renderMessage("sms", { body: "{% include '/etc/passwd' %}" }, fields, links)).toThrow(TemplateError);
    expect(() => renderMessage("sms", { body: "{{ first_name | nosuchfilter }}" }, fields, links)).toThrow(TemplateError);
    expect(checkTemplate("email", { subject: "Hi", body: "{% if %}" })).toMatch(/^Template error/);
    expect(checkTemplate("email", { subject: "", body: "x" })).toBe("An email needs a subject");
    expect(checkTemplate("sms", { body: "x".repeat(1601) })).toBe("The message is too long");
    expect(checkTemplate("sms", { body: "Hi {{ first_name }}" })).toBeNull();
  });

  it("stops a runaway loop", () => {
    expect(() => renderMessage("sms", { body: "{% for i in (1..100000000) %}{{ i }}{% endfor %}" }, fields, links)).toThrow(TemplateError);
  });
});
