import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { messageTemplates } from "../../db/schema";
import { checkTemplate } from "./render.server";

export type TemplateRecord = typeof messageTemplates.$inferSelect;
export type SaveTemplateResult = { ok: true; template: TemplateRecord } | { ok: false; error: string };

/** Saves a new email or SMS template after checking that it parses (Liquid) and fits. */
export function createTemplate(
  db: Db,
  { shopId, channel, name, subject = null, body, now }: { shopId: number; channel: Channel; name: string; subject?: string | null; body: string; now: number },
): SaveTemplateResult {
  if (!name.trim()) return { ok: false, error: "Give the template a name" };
  const problem = checkTemplate(channel, { subject, body });
  if (problem) return { ok: false, error: problem };
  const template = db
    .insert(messageTemplates)
    .values({ shopId, channel, name: name.trim(), subject: channel === "email" ? subject : null, body, createdAt: now, updatedAt: now })
    .returning()
    .get();
  return { ok: true, template };
}

export function updateTemplate(
  db: Db,
  { shopId, templateId, name, subject, body, now }: { shopId: number; templateId: number; name?: string; subject?: string | null; body?: string; now: number },
): SaveTemplateResult | null {
  const existing = findTemplate(db, { shopId, templateId });
  if (!existing) return null;
  const next = { name: name?.trim() ?? existing.name, subject: subject !== undefined ? subject : existing.subject, body: body ?? existing.body };
  if (!next.name) return { ok: false, error: "Give the template a name" };
  const problem = checkTemplate(existing.channel, next);
  if (problem) return { ok: false, error: problem };
  const template = db
    .update(messageTemplates)
    .set({ ...next, updatedAt: now })
    .where(and(eq(messageTemplates.id, templateId), eq(messageTemplates.shopId, shopId)))
    .returning()
    .get()!;
  return { ok: true, template };
}

export function findTemplate(db: Db, { shopId, templateId }: { shopId: number; templateId: number }): TemplateRecord | null {
  return db.select().from(messageTemplates).where(and(eq(messageTemplates.id, templateId), eq(messageTemplates.shopId, shopId))).get() ?? null;
}

export function listTemplates(db: Db, { shopId, channel }: { shopId: number; channel?: Channel }): TemplateRecord[] {
  return db
    .select()
    .from(messageTemplates)
    .where(channel ? and(eq(messageTemplates.shopId, shopId), eq(messageTemplates.channel, channel)) : eq(messageTemplates.shopId, shopId))
    .orderBy(desc(messageTemplates.updatedAt))
    .all();
}
