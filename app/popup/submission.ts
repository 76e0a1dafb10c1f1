import { z } from "zod";
import { toE164 } from "../messaging/phone";
import { validateBody, type Parsed } from "../public-http/body.server";
import { popupTag } from "../settings/shop-settings";

/**
 * What the signup popup (extensions/signup-popup/assets/popup.js) posts to
 * `/apps/segmentflow/signup`, which Shopify's app proxy forwards to `/proxy/signup`: JSON, or the
 * same fields as an HTML form. One schema; every refusal names the field.
 */

/** A signup is a few hundred bytes; anything much bigger is not one. */
export const MAX_SIGNUP_BODY_BYTES = 8 * 1024;
export const MAX_REQUESTED_TAGS = 10;

/** A checkbox: `true` in JSON, `on` (or `true`) from a form; anything else is unticked. */
const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((value) => value || undefined);

/** The fields, before the checks across them; their names are the popup's form names (a test checks the block). */
export const PopupSubmissionFields = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.email("must be an email address").optional()),
  phone: optionalText(40),
  /** The storefront's country (ISO 3166-1), to read a phone number written without its country code. */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "must be a two-letter country code")
    .optional(),
  /** The storefront's language (`en`, `pt-BR`). */
  locale: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language code such as en or pt-BR")
    .optional(),
  firstName: optionalText(100),
  lastName: optionalText(100),
  emailConsent: checkbox,
  smsConsent: checkbox,
  /** The consent texts the visitor was shown, kept with the signup as the record of the opt-in. */
  emailConsentText: optionalText(1000),
  smsConsentText: optionalText(1000),
  /** Tags the theme block asks for; applied only when the shop's settings allow them. */
  tags: z
    .preprocess(
      (value) => (typeof value === "string" ? value.split(",").filter((t) => t.trim() !== "") : value),
      z.array(popupTag).max(MAX_REQUESTED_TAGS, `at most ${MAX_REQUESTED_TAGS} tags`)
    )
    .default([]),
});

/** The checks across fields; each refusal names the field the visitor should fix. */
export const PopupSubmissionSchema = PopupSubmissionFields.transform((value, ctx) => {
  const refuse = (field: "email" | "phone", message: string) => ctx.addIssue({ code: "custom", path: [field], message });
  const phone = value.phone ? toE164(value.phone, value.country) : undefined;
  if (value.phone && !phone) refuse("phone", "must be a valid phone number, with its country code (+44 …) if it is not from the store's country");
  if (!value.email && !value.phone) refuse("email", "enter an email address or a phone number");
  if (value.emailConsent && !value.email) refuse("email", "is needed to subscribe to emails");
  if (value.smsConsent && !value.phone) refuse("phone", "is needed to subscribe to text messages");
  return { ...value, phone: phone ?? undefined };
});
export type PopupSubmission = z.infer<typeof PopupSubmissionSchema>;

/** Reads a JSON or form body and validates it; the message names the offending fields (`phone: …`). */
export function parsePopupSubmission(body: string, contentType: string | null): Parsed<PopupSubmission> {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  let value: unknown;
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(body);
    value = {
      ...Object.fromEntries(form),
      tags: form.getAll("tags").join(","),
    };
  } else if (type === "application/json" || type === "text/plain" || type === "") {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false, status: 400, message: "body: not valid JSON" };
    }
  } else {
    return {
      ok: false,
      status: 400,
      message: "body: send JSON (application/json) or a form (application/x-www-form-urlencoded)",
    };
  }
  return validateBody(PopupSubmissionSchema, value);
}
