import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { enqueueJob } from "../jobs/queue.server";
import { quotaUsage, type QuotaUsage } from "../messaging/quota.server";
import { BUILTIN_OUTBOX_URL, endpointProblem, listSendHooks, saveSendHook } from "../messaging/send-hooks.server";
import { listSegments, requestRecompute } from "../models/segments.server";
import { LifecycleThresholdsSchema, PopupSettingsSchema, QuietHoursSchema, readShopSettings, ShopSettingsSchema, type ShopSettings } from "./shop-settings";

/**
 * The settings page's data and its saves (one form per section, told apart by `intent`). Every
 * write is scoped to the shop; validation errors come back keyed by field for the Polaris fields.
 */

export type HookView = { channel: "email" | "sms"; url: string; builtin: boolean; enabled: boolean; secretHint: string; hasSecret: boolean };
export type SettingsView = { timeZone: string; settings: ShopSettings; quota: QuotaUsage; hooks: HookView[] };
export type SaveResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

const LIFECYCLE_JOB = "segments.lifecycle";

/** Secrets are never sent to the page whole: the last four characters identify one. */
const hint = (secret: string) => (secret ? `••••${secret.slice(-4)}` : "");

export function loadSettingsView(db: Db, { shopId, now }: { shopId: number; now: number }): SettingsView {
  const shop = db.$client.prepare(`SELECT time_zone, settings FROM shops WHERE id = ?`).get(shopId) as { time_zone: string; settings: string };
  const hooks = listSendHooks(db, { shopId });
  const view = (channel: "email" | "sms"): HookView => {
    const hook = hooks.find((h) => h.channel === channel);
    return {
      channel,
      url: hook && hook.url !== BUILTIN_OUTBOX_URL ? hook.url : "",
      builtin: !hook || hook.url === BUILTIN_OUTBOX_URL,
      enabled: hook?.enabled ?? true,
      secretHint: hint(hook?.secret ?? ""),
      hasSecret: Boolean(hook?.secret),
    };
  };
  return { timeZone: shop.time_zone, settings: readShopSettings(shop.settings), quota: quotaUsage(db, { shopId, now }), hooks: [view("email"), view("sms")] };
}

function issuesToErrors(issues: z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  return errors;
}

function writeSettings(db: Db, shopId: number, update: (current: ShopSettings) => ShopSettings, now: number): void {
  const raw = db.$client.prepare(`SELECT settings FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  const next = ShopSettingsSchema.parse(update(readShopSettings(raw)));
  db.$client.prepare(`UPDATE shops SET settings = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(next), now, shopId);
}

const int = (max: number) => z.coerce.number({ message: "Enter a whole number" }).int("Enter a whole number").min(0, "Cannot be negative").max(max);
const HookForm = z.object({ channel: z.enum(["email", "sms"]), url: z.string().trim().max(2000), secret: z.string().trim().max(200).optional(), enabled: z.enum(["on", "off"]).optional() });
const QuotaForm = z.object({ emailQuotaLimit: int(100_000_000), smsBalance: int(100_000_000) });
const ZoneForm = z.object({ timeZone: z.string().trim().min(1, "Choose a time zone").refine((zone) => DateTime.local().setZone(zone).isValid, "Unknown IANA time zone") });

/** Applies one section's form; `allowHttp`/`builtin` are true in demo mode. */
export function saveSettingsSection(
  db: Db,
  { shopId, intent, form, demo, now }: { shopId: number; intent: string; form: Record<string, string>; demo: boolean; now: number },
): SaveResult {
  switch (intent) {
    case "hook": {
      const parsed = HookForm.safeParse(form);
      if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
      const url = parsed.data.url || (demo ? BUILTIN_OUTBOX_URL : "");
      const problem = url ? endpointProblem(url, { allowHttp: demo }) : "Enter the endpoint URL";
      if (problem) return { ok: false, errors: { url: problem } };
      saveSendHook(db, { shopId, channel: parsed.data.channel, url, secret: parsed.data.secret, enabled: parsed.data.enabled !== "off", now });
      return { ok: true, message: `${parsed.data.channel === "email" ? "Email" : "SMS"} endpoint saved` };
    }
    case "quota": {
      const parsed = QuotaForm.safeParse(form);
      if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
      db.$client.prepare(`UPDATE shops SET email_quota_limit = ?, sms_balance = ?, updated_at = ? WHERE id = ?`).run(parsed.data.emailQuotaLimit, parsed.data.smsBalance, now, shopId);
      return { ok: true, message: "Quota saved" };
    }
    case "quiet": {
      const parsed = QuietHoursSchema.safeParse({
        enabled: form.enabled === "on",
        start: form.start,
        end: form.end,
        channels: (["email", "sms"] as const).filter((c) => form[`channel_${c}`] === "on"),
      });
      if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
      writeSettings(db, shopId, (s) => ({ ...s, quietHours: parsed.data }), now);
      return { ok: true, message: "Quiet hours saved" };
    }
    case "popup": {
      const list = (value: string | undefined) => (value ?? "").split(",").map((tag) => tag.trim()).filter(Boolean);
      const input = { doubleOptIn: form.doubleOptIn === "on", tags: list(form.tags), blockTags: list(form.blockTags) };
      const parsed = PopupSettingsSchema.safeParse(input);
      if (!parsed.success) {
        // one message per field, naming the tag at fault: `"VIP, gold": Tags cannot contain commas …`
        const named = parsed.error.issues.map((issue) => {
          const [field, index] = issue.path as ["tags" | "blockTags", number | undefined];
          return { ...issue, path: [field], message: index === undefined ? issue.message : `"${input[field][index]}": ${issue.message}` };
        });
        return { ok: false, errors: issuesToErrors(named) };
      }
      writeSettings(db, shopId, (s) => ({ ...s, popup: parsed.data }), now);
      return { ok: true, message: "Signup popup saved" };
    }
    case "timezone": {
      const parsed = ZoneForm.safeParse(form);
      if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
      const changed = db.$client.prepare(`UPDATE shops SET time_zone = ?, updated_at = ? WHERE id = ? AND time_zone <> ?`).run(parsed.data.timeZone, now, shopId, parsed.data.timeZone).changes;
      // whole-day windows are counted in this zone: every segment is recomputed
      if (changed) for (const segment of listSegments(db, { shopId })) requestRecompute(db, { shopId, segmentId: segment.id, now });
      return { ok: true, message: "Time zone saved" };
    }
    case "lifecycle": {
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k !== "intent").map(([k, v]) => [k, Number(v)]));
      const parsed = LifecycleThresholdsSchema.safeParse(values);
      if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues) };
      writeSettings(db, shopId, (s) => ({ ...s, lifecycle: parsed.data }), now);
      enqueueJob(db, { type: LIFECYCLE_JOB, uniqueKey: `${LIFECYCLE_JOB}:settings:${shopId}:${now}`, priority: 60 }, now);
      return { ok: true, message: "Lifecycle thresholds saved; stages are being recomputed" };
    }
    default:
      return { ok: false, errors: { form: "Unknown form" } };
  }
}
