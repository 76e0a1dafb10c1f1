import type { Db } from "../../db/client.server";
import { formatDateTime } from "../format/dates";
import { attemptsOf, listSends, sendCounts } from "./delivery-log.server";
import { listOutbox } from "./outbox.server";
import { SKIP_REASON_LABELS, type SkipReason } from "./safety";

/** Data of the Outbox page: the built-in outbox (demo), the delivery log and the dead letters. */

export type OutboxTab = "outbox" | "log" | "problems";

const excerpt = (html: string | null) =>
  (html ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);

export function outboxPageData(db: Db, { shopId, timeZone, tab, messageId }: { shopId: number; timeZone: string; tab: OutboxTab; messageId: number | null }) {
  const time = (ms: number | null) => (ms === null ? null : formatDateTime(ms, timeZone));
  const counts = sendCounts(db, { shopId });
  if (tab === "outbox") {
    const { entries, total } = listOutbox(db, { shopId, limit: 100 });
    const selected = entries.find((e) => e.id === messageId) ?? null;
    return {
      counts,
      total,
      outbox: entries.map((e) => ({ id: e.id, channel: e.channel, to: e.to ?? "—", summary: e.subject ?? excerpt(e.body), deliveries: e.deliveries, isTest: e.isTest, received: time(e.receivedAt)! })),
      selected: selected ? { id: selected.id, channel: selected.channel, to: selected.to ?? "—", subject: selected.subject, body: selected.body ?? "", idempotencyKey: selected.idempotencyKey, received: time(selected.receivedAt)! } : null,
      log: null,
    };
  }
  const sends = listSends(db, { shopId, statuses: tab === "problems" ? ["dead", "failed", "skipped"] : undefined, limit: 100 });
  const attempts = attemptsOf(db, { shopId, sendIds: sends.map((s) => s.id) });
  return {
    counts,
    total: sends.length,
    outbox: null,
    selected: null,
    log: sends.map((s) => ({
      id: s.id,
      channel: s.channel,
      status: s.status,
      reason: s.skipReason ? (SKIP_REASON_LABELS[s.skipReason as SkipReason] ?? s.skipReason) : null,
      to: s.to ?? "—",
      idempotencyKey: s.idempotencyKey,
      created: time(s.createdAt)!,
      next: s.status === "sent" ? null : time(s.nextAttemptAt),
      lastError: s.lastError,
      attempts: attempts
        .filter((a) => a.sendId === s.id)
        .map((a) => ({ attempt: a.attempt, at: time(a.at)!, result: a.httpStatus !== null ? `HTTP ${a.httpStatus}${a.durationMs !== null ? ` in ${a.durationMs} ms` : ""}` : (a.error ?? "in flight") })),
    })),
  };
}
