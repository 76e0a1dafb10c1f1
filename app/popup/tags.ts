import type { PopupSettings } from "../settings/shop-settings";

/**
 * The tags a popup signup applies (source `popup`): the shop's own popup tags, plus those the theme
 * block asks for when the shop's settings list them. Requested tags are public input — a visitor can
 * send anything — so an unlisted one is refused, naming it, and nothing is written.
 */
export function signupTags(settings: PopupSettings, requested: string[]): { ok: true; tags: string[] } | { ok: false; message: string } {
  const allowed = new Map(settings.blockTags.map((tag) => [tag.toLowerCase(), tag]));
  const tags = new Map(settings.tags.map((tag) => [tag.toLowerCase(), tag]));
  for (const [index, tag] of requested.entries()) {
    const listed = allowed.get(tag.trim().toLowerCase());
    if (!listed) return { ok: false, message: `tags.${index}: "${tag.trim()}" is not a tag this store's popup may add (Settings → Signup popup)` };
    tags.set(listed.toLowerCase(), listed);
  }
  return { ok: true, tags: [...tags.values()] };
}
