import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";

/**
 * A campaign's audience (SPEC §6): members of any include segment (union), minus members of any
 * exclude segment (union), each contact once, keeping only live contacts who can get marketing on
 * the channel now — subscribed, with an address not known to be invalid (the same rule as the
 * segments' "reachable" counts). The send job re-checks each message at send time as well.
 */

/** Reachable on the channel (contacts aliased `c`). */
export const REACHABLE_SQL: Record<Channel, string> = {
  email: `c.email_consent = 'subscribed' AND c.email IS NOT NULL AND c.email_validity NOT IN ('bounced', 'invalid')`,
  sms: `c.sms_consent = 'subscribed' AND c.phone IS NOT NULL AND c.phone_validity NOT IN ('bounced', 'invalid')`,
};
export const LIVE_SQL = `c.deleted_at IS NULL AND c.redacted_at IS NULL`;

export type AudienceSpec = { shopId: number; channel: Channel; include: number[]; exclude: number[] };

/** How the audience comes about: `included` (the union, de-duplicated) → minus `excluded` → minus `unreachable` = `audience`. */
export type AudienceCount = { included: number; excluded: number; unreachable: number; audience: number };

const list = (ids: number[]) => ids.map(() => "?").join(", ");

function parts(spec: AudienceSpec) {
  const excluded = spec.exclude.length > 0 ? `EXISTS (SELECT 1 FROM segment_members x WHERE x.segment_id IN (${list(spec.exclude)}) AND x.contact_id = inc.contact_id)` : "0";
  return { excluded, includeIn: list(spec.include) };
}

export function countAudience(db: Db, spec: AudienceSpec): AudienceCount {
  if (spec.include.length === 0) return { included: 0, excluded: 0, unreachable: 0, audience: 0 };
  const { excluded, includeIn } = parts(spec);
  const row = db.$client
    .prepare(
      `SELECT count(*) AS included,
         coalesce(sum(${excluded}), 0) AS excluded,
         coalesce(sum(NOT ${excluded} AND ${REACHABLE_SQL[spec.channel]}), 0) AS audience
       FROM (SELECT DISTINCT contact_id FROM segment_members WHERE shop_id = ? AND segment_id IN (${includeIn})) inc
       JOIN contacts c ON c.id = inc.contact_id
       WHERE c.shop_id = ? AND ${LIVE_SQL}`,
    )
    .get(...spec.exclude, ...spec.exclude, spec.shopId, ...spec.include, spec.shopId) as { included: number; excluded: number; audience: number };
  return { ...row, unreachable: row.included - row.excluded - row.audience };
}

/**
 * Freezes the audience into `campaign_recipients` in one statement (so it is one consistent
 * moment), with the include segments each contact is a member of. Call inside a transaction.
 */
export function freezeAudience(db: Db, { campaignId, ...spec }: AudienceSpec & { campaignId: number }): number {
  if (spec.include.length === 0) return 0;
  const { excluded, includeIn } = parts(spec);
  return db.$client
    .prepare(
      `INSERT INTO campaign_recipients (campaign_id, contact_id, shop_id, qualified_by)
       SELECT ?, inc.contact_id, ?, inc.qualified_by
       FROM (SELECT contact_id, json_group_array(segment_id) AS qualified_by FROM segment_members
             WHERE shop_id = ? AND segment_id IN (${includeIn}) GROUP BY contact_id) inc
       JOIN contacts c ON c.id = inc.contact_id
       WHERE c.shop_id = ? AND ${LIVE_SQL} AND ${REACHABLE_SQL[spec.channel]} AND NOT ${excluded}
       ON CONFLICT DO NOTHING`,
    )
    .run(campaignId, spec.shopId, spec.shopId, ...spec.include, spec.shopId, ...spec.exclude).changes;
}
