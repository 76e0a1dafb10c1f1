import { z } from "zod";
import type { Db } from "../../db/client.server";
import type { AutomationInput } from "./automations.server";

/** What the automation pages need besides the model: pick lists and the saved JSON's shape. */

export function automationFormSetup(db: Db, { shopId }: { shopId: number }) {
  return {
    segments: db.$client.prepare(`SELECT id, name FROM segments WHERE shop_id = ? ORDER BY name COLLATE NOCASE`).all(shopId) as { id: number; name: string }[],
    coupons: db.$client.prepare(`SELECT id, code FROM coupons WHERE shop_id = ? ORDER BY code`).all(shopId) as { id: number; code: string }[],
  };
}

/** The editor's JSON; the steps are checked by the model (`StepsSchema`), field by field. */
export const AutomationPayloadSchema = z.object({
  name: z.string().max(1_000),
  segmentId: z.number().int().min(0),
  trigger: z.enum(["entered", "left"]),
  steps: z.array(z.unknown()).max(100),
  reentry: z.enum(["once", "every_time", "cooldown"]),
  reentryCooldownMs: z.number().finite().nullable(),
  flapWindowMs: z.number().finite(),
  status: z.enum(["active", "paused"]),
});

export function readAutomationPayload(body: unknown): AutomationInput | null {
  const parsed = AutomationPayloadSchema.safeParse(body);
  if (!parsed.success) return null;
  return { ...parsed.data, reentryCooldownMs: parsed.data.reentryCooldownMs === null ? null : Math.round(parsed.data.reentryCooldownMs), flapWindowMs: Math.round(parsed.data.flapWindowMs) };
}
