import type { MessageTemplate } from "../messaging/render.server";

/**
 * The double opt-in email of a popup signup (Liquid, rendered when it is sent). `{{ confirm_url }}`
 * is the signed confirmation page; the unsubscribe link and open pixel are added as to every email.
 */
export const OPT_IN_CONFIRMATION_TEMPLATE: MessageTemplate = {
  subject: "Please confirm your subscription to {{ shop_name }}",
  body: [
    '<p>Hi {{ first_name | default: "there" }},</p>',
    "<p>Thanks for signing up. Please confirm that you want to receive emails from {{ shop_name }}:</p>",
    '<p><a href="{{ confirm_url }}" style="display:inline-block;padding:10px 18px;background:#111;color:#fff;border-radius:6px;text-decoration:none">Yes, subscribe me</a></p>',
    "<p>If you did not sign up, ignore this email: you will not be subscribed.</p>",
  ].join("\n"),
};
