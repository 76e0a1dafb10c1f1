import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";
import { MEMBERSHIP_CAUSES, MEMBERSHIP_CHANGE_KINDS, type MembershipCauseName } from "../../db/enums";
import { wakeEnrolment } from "../automations/wake.server";

/**
 * Members and their history, written together: a row in `segment_members` per current member and
 * a `membership_changes` row per enter/leave, in the caller's transaction.
 */
const MEMBERS = `SELECT contact_id FROM segment_members WHERE segment_id = ?`;
const CONTACT_SEGMENTS = `SELECT segment_id FROM segment_members WHERE contact_id = ?`;
const IS_MEMBER = `SELECT 1 FROM segment_members WHERE segment_id = ? AND contact_id = ?`;
const MEMBERS_AMONG = `SELECT contact_id FROM segment_members WHERE segment_id = ? AND contact_id IN (SELECT value FROM json_each(?))`;
const INSERT_MEMBER = `INSERT OR IGNORE INTO segment_members (segment_id, contact_id, shop_id, entered_at) VALUES (?, ?, ?, ?)`;
const DELETE_MEMBER = `DELETE FROM segment_members WHERE segment_id = ? AND contact_id = ?`;
const INSERT_CHANGE = `INSERT INTO membership_changes (shop_id, segment_id, contact_id, kind, cause, cause_detail, segment_revision, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const BUMP_COUNT = `UPDATE segments SET member_count = member_count + ?, reach_stale = 1 WHERE id = ?`;

export function membersOf(db: Db, segmentId: number): Set<number> {
  return new Set(prepared(db.$client, MEMBERS).pluck().all(segmentId) as number[]);
}

export function segmentsOfContact(db: Db, contactId: number): Set<number> {
  return new Set(prepared(db.$client, CONTACT_SEGMENTS).pluck().all(contactId) as number[]);
}

/** Is the contact a stored member of this one segment (a primary-key lookup)? */
export function isStoredMember(db: Db, segmentId: number, contactId: number): boolean {
  return prepared(db.$client, IS_MEMBER).pluck().get(segmentId, contactId) === 1;
}

/** Which of the listed contacts (a JSON array) are stored members of the segment. */
export function storedMembersAmong(db: Db, segmentId: number, contactIdsJson: string): Set<number> {
  return new Set(prepared(db.$client, MEMBERS_AMONG).pluck().all(segmentId, contactIdsJson) as number[]);
}

export type MembershipChangeBatch = {
  shopId: number;
  segmentId: number;
  revision: number;
  entered: number[];
  left: number[];
  cause: MembershipCauseName;
  causeDetail?: string | null;
  at: number;
};

/** Applies entered/left for one segment; call inside a transaction. */
export function writeMembershipChanges(db: Db, batch: MembershipChangeBatch): void {
  if (batch.entered.length === 0 && batch.left.length === 0) return;
  const insertMember = prepared(db.$client, INSERT_MEMBER);
  const deleteMember = prepared(db.$client, DELETE_MEMBER);
  const insertChange = prepared(db.$client, INSERT_CHANGE);
  const cause = MEMBERSHIP_CAUSES[batch.cause];
  const detail = batch.causeDetail ?? null;
  let lastChangeId = 0;
  for (const contactId of batch.entered) {
    insertMember.run(batch.segmentId, contactId, batch.shopId, batch.at);
    lastChangeId = Number(insertChange.run(batch.shopId, batch.segmentId, contactId, MEMBERSHIP_CHANGE_KINDS.entered, cause, detail, batch.revision, batch.at).lastInsertRowid);
  }
  for (const contactId of batch.left) {
    deleteMember.run(batch.segmentId, contactId);
    lastChangeId = Number(insertChange.run(batch.shopId, batch.segmentId, contactId, MEMBERSHIP_CHANGE_KINDS.left, cause, detail, batch.revision, batch.at).lastInsertRowid);
  }
  prepared(db.$client, BUMP_COUNT).run(batch.entered.length - batch.left.length, batch.segmentId);
  // automations start from these rows: wake their enrolment (same transaction)
  wakeEnrolment(db, { shopId: batch.shopId, segmentId: batch.segmentId, lastChangeId, at: batch.at });
}

/** Recounts members and reachable-by-channel members of a segment (after a full computation, or when stale), in one pass over its members. */
export function refreshSegmentCounts(db: Db, segmentId: number): void {
  prepared(
    db.$client,
    `UPDATE segments SET (member_count, email_reachable_count, sms_reachable_count, reach_stale) = (
       SELECT count(*),
              coalesce(sum(c.email_consent = 'subscribed' AND c.email IS NOT NULL AND c.email_validity NOT IN ('bounced', 'invalid')), 0),
              coalesce(sum(c.sms_consent = 'subscribed' AND c.phone IS NOT NULL AND c.phone_validity NOT IN ('bounced', 'invalid')), 0),
              0
       FROM segment_members sm JOIN contacts c ON c.id = sm.contact_id WHERE sm.segment_id = @id)
     WHERE id = @id`,
  ).run({ id: segmentId });
}
