import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { LIVE_SQL, REACHABLE_SQL } from "../campaigns/audience.server";
import { quotaUsage } from "../messaging/quota.server";
import { listAutomations, type AutomationListItem } from "./automations.server";
import { parseSteps } from "./steps";

/**
 * What the segment update modal shows (SPEC §6): the automations that use the segment (last
 * updated first), how many current members "trigger all" would enrol into each active "entered"
 * automation, the messages that would then go out per channel, and whether the remaining email
 * quota or SMS balance covers them. Counted on the current members, who are reachable now.
 */

export type TriggerAllEstimate = {
  automations: (AutomationListItem & { wouldEnrol: number | null; emails: number; sms: number })[];
  messages: { email: number; sms: number };
  quota: { emailRemaining: number; smsBalance: number };
  /** The channels whose remaining quota or balance is lower than the messages that would go out. */
  short: ("email" | "sms")[];
};

const ENTERED = MEMBERSHIP_CHANGE_KINDS.entered;

/** Members "trigger all" would enrol (not processed for their current entry, not ruled out by re-entry), and how many are reachable per channel. */
function unprocessedMembers(db: Db, { automationId, segmentId, once }: { automationId: number; segmentId: number; once: boolean }) {
  return db.$client
    .prepare(
      `SELECT count(*) AS members, coalesce(sum(${REACHABLE_SQL.email}), 0) AS email, coalesce(sum(${REACHABLE_SQL.sms}), 0) AS sms
       FROM segment_members sm JOIN contacts c ON c.id = sm.contact_id
       WHERE sm.segment_id = @segmentId AND ${LIVE_SQL}
         AND NOT EXISTS (SELECT 1 FROM automation_runs r WHERE r.automation_id = @automationId AND r.contact_id = sm.contact_id
           AND (r.status IN ('running', 'waiting', 'held') OR (@once AND r.status <> 'skipped')
             OR r.membership_change_id = (SELECT max(x.id) FROM membership_changes x WHERE x.contact_id = sm.contact_id AND x.segment_id = sm.segment_id AND x.kind = ${ENTERED})))`,
    )
    .get({ automationId, segmentId, once: once ? 1 : 0 }) as { members: number; email: number; sms: number };
}

export function estimateTriggerAll(db: Db, { shopId, segmentId, now }: { shopId: number; segmentId: number; now: number }): TriggerAllEstimate {
  const messages = { email: 0, sms: 0 };
  const automations = listAutomations(db, { shopId, segmentId }).map((automation) => {
    if (automation.status !== "active" || automation.trigger !== "entered") return { ...automation, wouldEnrol: null, emails: 0, sms: 0 };
    const row = db.$client.prepare(`SELECT steps, reentry FROM automations WHERE id = ? AND shop_id = ?`).get(automation.id, shopId) as { steps: string; reentry: string };
    const steps = parseSteps(row.steps) ?? [];
    const members = unprocessedMembers(db, { automationId: automation.id, segmentId, once: row.reentry === "once" });
    const emails = members.email * steps.filter((s) => s.type === "send_email").length;
    const sms = members.sms * steps.filter((s) => s.type === "send_sms").length;
    messages.email += emails;
    messages.sms += sms;
    return { ...automation, wouldEnrol: members.members, emails, sms };
  });
  const usage = quotaUsage(db, { shopId, now });
  const quota = { emailRemaining: usage.emailRemaining, smsBalance: usage.smsBalance };
  const short: ("email" | "sms")[] = [];
  if (messages.email > quota.emailRemaining) short.push("email");
  if (messages.sms > quota.smsBalance) short.push("sms");
  return { automations, messages, quota, short };
}
