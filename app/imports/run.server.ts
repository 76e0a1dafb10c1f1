import { CsvError } from "csv-parse";
import { hash } from "node:crypto";
import { rm } from "node:fs/promises";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Db } from "../../db/client.server";
import type { AttributeType } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { onContactChanged } from "../membership/incremental.server";
import type { ContactChange } from "../segments/dependencies";
import { addCounts, applyImportRow, EMPTY_COUNTS, mergeChanges, type ImportCounts } from "./apply.server";
import { readRecords, type CsvRecord } from "./csv.server";
import { findImport, type ImportRecord } from "./imports.server";
import { contactKey, rowFingerprint, validateRow, type ImportRow, type RowContext, type RowProblem } from "./row";

/**
 * Runs an import in batches: each batch of rows is validated, written, reported to the engine
 * (cause `import`) and recorded as done (rows, byte offset, counts) in one IMMEDIATE transaction,
 * and the event loop is yielded between batches so HTTP requests and webhooks are served meanwhile.
 * A run stops after `maxRows` rows (or when asked to stop) and says so: the job continues in a new
 * run from the committed byte offset. A crash loses at most the uncommitted batch, which is read again.
 */

export const IMPORT_BATCH_ROWS = 2_000;
/** Problems kept for the report; the counts stay exact beyond it. */
export const MAX_STORED_PROBLEMS = 100_000;

export type SliceResult = "done" | "more";

type Prepared = { record: ImportRecord; ctx: RowContext; attributeIds: Map<string, number> };

function prepare(db: Db, record: ImportRecord, now: number): Prepared {
  const sqlite = db.$client;
  const timeZone = sqlite.prepare(`SELECT time_zone FROM shops WHERE id = ?`).pluck().get(record.shopId) as string;
  const keys = record.mapping!.filter((t) => t.startsWith("attribute:")).map((t) => t.slice("attribute:".length));
  const definitions = sqlite
    .prepare(`SELECT id, key, type FROM attribute_definitions WHERE shop_id = ? AND key IN (SELECT value FROM json_each(?))`)
    .all(record.shopId, JSON.stringify(keys)) as { id: number; key: string; type: AttributeType }[];
  return {
    record,
    attributeIds: new Map(definitions.map((d) => [d.key, d.id])),
    ctx: { header: record.header, mapping: record.mapping!, attributeTypes: new Map(definitions.map((d) => [d.key, d.type])), timeZone, now },
  };
}

/**
 * What an import has seen of its file so far: the first row of each distinct row content (exact
 * duplicates are reported against it) and each contact key (a contact's later rows only fill empty
 * fields). Kept in memory per import while it runs (rows by a 96-bit hash); after a restart it is
 * rebuilt by reading the committed part of the file again (validation only, no writes), so a file
 * is judged the same way however often its import is paused, resumed or crashed.
 */
type Seen = { bytes: number; rows: Map<string, number>; contacts: Set<string> };
const seenByImport = new Map<number, Seen>();

const keyOf = (text: string) => hash("sha1", text, "base64").slice(0, 16);

type Verdict = { kind: "rejected"; problems: RowProblem[] } | { kind: "duplicate"; of: number } | { kind: "apply"; row: ImportRow; fillOnly: boolean };

/** How one data row is treated, given what came before it in the file (updates `seen`). */
function judgeRow(seen: Seen, ctx: RowContext, cells: string[], rowNumber: number): Verdict {
  const result = validateRow(cells, ctx);
  const problems = result.ok ? [] : result.problems;
  const extra = cells.slice(ctx.header.length).filter((cell) => cell.trim() !== "");
  if (extra.length > 0) problems.push({ column: `(after ${ctx.header.at(-1)})`, value: extra.join(", "), reason: `the row has ${cells.length} cells, the header ${ctx.header.length}` });
  if (!result.ok || problems.length > 0) return { kind: "rejected", problems };
  const fingerprint = keyOf(rowFingerprint(result.row));
  const first = seen.rows.get(fingerprint);
  if (first !== undefined) return { kind: "duplicate", of: first };
  seen.rows.set(fingerprint, rowNumber);
  const contact = contactKey(result.row); // short enough to keep whole
  const fillOnly = seen.contacts.has(contact);
  seen.contacts.add(contact);
  return { kind: "apply", row: result.row, fillOnly };
}

/** The import's seen state at its committed offset, rebuilt from the file when this process has none. */
async function seenAt(record: ImportRecord, ctx: RowContext): Promise<Seen> {
  const held = seenByImport.get(record.id);
  if (held && held.bytes === record.bytesDone) return held;
  const seen: Seen = { bytes: 0, rows: new Map(), contacts: new Set() };
  let rowNumber = 1;
  if (record.bytesDone > 0) {
    for await (const { record: cells, endByte } of readRecords(record.filePath!, { delimiter: record.delimiter, fromByte: 0 })) {
      judgeRow(seen, ctx, cells, ++rowNumber);
      if (endByte >= record.bytesDone) break;
    }
  }
  seen.bytes = record.bytesDone;
  seenByImport.set(record.id, seen);
  return seen;
}

function applyBatch(db: Db, { record, ctx, attributeIds }: Prepared, seen: Seen, batch: CsvRecord[], now: number): void {
  const sqlite = db.$client;
  const { shopId, id: importId } = record;
  const at = record.startedAt ?? now;
  sqlite
    .transaction(() => {
      const state = sqlite.prepare(`SELECT rows_done, counts FROM imports WHERE id = ? AND shop_id = ?`).get(importId, shopId) as { rows_done: number; counts: string };
      const counts: ImportCounts = addCounts({ ...EMPTY_COUNTS, ...JSON.parse(state.counts) }, { rows: batch.length });
      let stored = sqlite.prepare(`SELECT count(*) FROM import_rejections WHERE import_id = ?`).pluck().get(importId) as number;
      const reject = (row: number, problems: RowProblem[]) => {
        for (const problem of problems) {
          if (stored++ >= MAX_STORED_PROBLEMS) return;
          prepared(sqlite, `INSERT INTO import_rejections (shop_id, import_id, row, "column", value, reason) VALUES (?, ?, ?, ?, ?, ?)`)
            .run(shopId, importId, row, problem.column, problem.value.slice(0, 1000), problem.reason);
        }
      };
      const contactIds: number[] = [];
      const changes: ContactChange[] = [];
      batch.forEach(({ record: cells }, i) => {
        const rowNumber = state.rows_done + i + 2; // the header is row 1
        const verdict = judgeRow(seen, ctx, cells, rowNumber);
        if (verdict.kind === "rejected") {
          addCounts(counts, { rejected: 1 });
          return reject(rowNumber, verdict.problems);
        }
        if (verdict.kind === "duplicate") {
          addCounts(counts, { duplicates: 1 });
          return reject(rowNumber, [{ column: "", value: "", reason: `duplicate of row ${verdict.of}` }]);
        }
        const outcome = applyImportRow(db, { shopId, row: verdict.row, attributeIds, at, now, fillOnly: verdict.fillOnly });
        addCounts(counts, outcome.counts);
        if (Object.keys(outcome.change).length > 0) {
          contactIds.push(outcome.contactId);
          changes.push(outcome.change);
        }
      });
      if (contactIds.length > 0) onContactChanged(db, { shopId, contactIds, change: mergeChanges(changes), now, cause: "import", causeDetail: `import #${importId}` });
      sqlite
        .prepare(`UPDATE imports SET rows_done = rows_done + ?, bytes_done = ?, counts = ?, updated_at = ? WHERE id = ? AND shop_id = ?`)
        .run(batch.length, batch.at(-1)!.endByte, JSON.stringify(counts), now, importId, shopId);
    })
    .immediate();
  seen.bytes = batch.at(-1)!.endByte;
}

function finish(db: Db, record: ImportRecord, { status, error, now }: { status: "done" | "failed"; error: string | null; now: number }): void {
  const sqlite = db.$client;
  sqlite
    .prepare(`UPDATE imports SET status = ?, error = ?, file_path = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND shop_id = ?`)
    .run(status, error, now, now, record.id, record.shopId);
  seenByImport.delete(record.id);
}

/** Ends an import that cannot go on (its job used its attempts), keeping what was committed. */
export async function failImport(db: Db, { shopId, importId, error, now }: { shopId: number; importId: number; error: string; now: number }): Promise<void> {
  const record = findImport(db, { shopId, importId });
  if (!record || record.status === "done" || record.status === "failed") return;
  finish(db, record, { status: "failed", error, now });
  if (record.filePath) await rm(record.filePath, { force: true });
}

/**
 * Continues an import from its committed byte offset for up to `maxRows` rows. Returns "more" when
 * rows remain (or `signal` asked it to stop), "done" when the file is through (or the import is
 * not running). A file csv-parse cannot read fails the import with the parser's message.
 */
export async function runImportSlice(
  db: Db,
  { shopId, importId, now, maxRows, signal, onProgress }: { shopId: number; importId: number; now: () => number; maxRows: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<SliceResult> {
  const record = findImport(db, { shopId, importId });
  if (!record || (record.status !== "queued" && record.status !== "running") || !record.mapping || !record.filePath) return "done";
  db.$client.prepare(`UPDATE imports SET status = 'running', updated_at = ? WHERE id = ? AND status = 'queued'`).run(now(), importId);
  const prepared = prepare(db, record, now());
  let batch: CsvRecord[] = [];
  let read = 0;
  const flush = async (seen: Seen) => {
    if (batch.length === 0) return;
    try {
      applyBatch(db, prepared, seen, batch, now());
    } catch (error) {
      seenByImport.delete(importId); // it saw rows that were rolled back
      throw error;
    }
    onProgress?.(batch.at(-1)!.endByte, record.fileBytes);
    batch = [];
    await yieldToEventLoop();
  };
  try {
    const seen = await seenAt(record, prepared.ctx);
    for await (const row of readRecords(record.filePath, { delimiter: record.delimiter, fromByte: record.bytesDone })) {
      batch.push(row);
      read++;
      if (batch.length >= IMPORT_BATCH_ROWS) await flush(seen);
      if (read >= maxRows || signal?.aborted) {
        await flush(seen);
        return "more";
      }
    }
    await flush(seen);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    await failImport(db, { shopId, importId, error: `The file could not be read after row ${findImport(db, { shopId, importId })!.rowsDone + 1}: ${error.message}`, now: now() });
    return "done";
  }
  finish(db, record, { status: "done", error: null, now: now() });
  await rm(record.filePath, { force: true });
  return "done";
}
