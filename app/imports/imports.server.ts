import { z } from "zod";
import type { Db } from "../../db/client.server";
import type { AttributeType } from "../../db/enums";
import type { ImportStatus } from "../../db/schema";
import { enqueueJob } from "../jobs/queue.server";
import { EMPTY_COUNTS, type ImportCounts } from "./apply.server";
import type { Delimiter } from "./csv.server";
import { checkMapping, FieldTargetSchema, newAttributeKey, type AttributeOption, type FieldTarget, type MappingProblem } from "./fields";

/** The shop's contact imports: create after upload, start with a mapping, read for the pages. */

export const IMPORT_JOB = "imports.run";
/** Rows read per job run; the job then makes way for other jobs and continues in a new run. */
export const IMPORT_SLICE_ROWS = 50_000;

export type ImportRecord = {
  id: number;
  shopId: number;
  fileName: string;
  filePath: string | null;
  fileBytes: number;
  delimiter: Delimiter;
  status: ImportStatus;
  header: string[];
  preview: string[][];
  mapping: FieldTarget[] | null;
  rowsDone: number;
  bytesDone: number;
  counts: ImportCounts;
  error: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
};

type ImportRow = {
  id: number; shop_id: number; file_name: string; file_path: string | null; file_bytes: number; delimiter: Delimiter; status: ImportStatus;
  header: string; preview: string; mapping: string | null; rows_done: number; bytes_done: number; counts: string; error: string | null;
  started_at: number | null; finished_at: number | null; created_at: number;
};

function toRecord(row: ImportRow): ImportRecord {
  return {
    id: row.id, shopId: row.shop_id, fileName: row.file_name, filePath: row.file_path, fileBytes: row.file_bytes, delimiter: row.delimiter,
    status: row.status, header: JSON.parse(row.header), preview: JSON.parse(row.preview), mapping: row.mapping ? JSON.parse(row.mapping) : null,
    rowsDone: row.rows_done, bytesDone: row.bytes_done, counts: { ...EMPTY_COUNTS, ...JSON.parse(row.counts) }, error: row.error,
    startedAt: row.started_at, finishedAt: row.finished_at, createdAt: row.created_at,
  };
}

export function createImport(
  db: Db,
  input: { shopId: number; fileName: string; filePath: string; fileBytes: number; delimiter: Delimiter; header: string[]; preview: string[][]; now: number },
): number {
  return Number(
    db.$client
      .prepare(
        `INSERT INTO imports (shop_id, file_name, file_path, file_bytes, delimiter, status, header, preview, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'uploaded', ?, ?, ?, ?)`,
      )
      .run(input.shopId, input.fileName, input.filePath, input.fileBytes, input.delimiter, JSON.stringify(input.header), JSON.stringify(input.preview), input.now, input.now).lastInsertRowid,
  );
}

export function findImport(db: Db, { shopId, importId }: { shopId: number; importId: number }): ImportRecord | null {
  const row = db.$client.prepare(`SELECT * FROM imports WHERE id = ? AND shop_id = ?`).get(importId, shopId) as ImportRow | undefined;
  return row ? toRecord(row) : null;
}

export function listImports(db: Db, { shopId, limit = 20 }: { shopId: number; limit?: number }): ImportRecord[] {
  return (db.$client.prepare(`SELECT * FROM imports WHERE shop_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(shopId, limit) as ImportRow[]).map(toRecord);
}

export function attributeOptions(db: Db, shopId: number): AttributeOption[] {
  return db.$client.prepare(`SELECT key, label, type FROM attribute_definitions WHERE shop_id = ? ORDER BY label`).all(shopId) as AttributeOption[];
}

/** The mapping form's fields: `column-0`, `column-1` … one target each. */
export const mappingSchema = (columns: number) =>
  z.object(Object.fromEntries(Array.from({ length: columns }, (_, i) => [`column-${i}`, FieldTargetSchema])) as Record<string, typeof FieldTargetSchema>);

export type StartResult = { ok: true } | { ok: false; problems: MappingProblem[] };

/**
 * Starts an uploaded import with the merchant's mapping: checks it, creates the custom attributes
 * it asks for (source `import`), stores it and enqueues the job. Nothing changes when the mapping
 * is refused or the import was started already.
 */
export function startImport(db: Db, { shopId, importId, form, now }: { shopId: number; importId: number; form: Record<string, unknown>; now: number }): StartResult {
  const sqlite = db.$client;
  return sqlite.transaction((): StartResult => {
    const record = findImport(db, { shopId, importId });
    if (!record) return { ok: false, problems: [{ column: "", message: "no such import" }] };
    if (record.status !== "uploaded") return { ok: false, problems: [{ column: "", message: "this import has been started already" }] };
    const parsed = mappingSchema(record.header.length).safeParse(form);
    if (!parsed.success) {
      return { ok: false, problems: parsed.error.issues.map((issue) => ({ column: record.header[Number(String(issue.path[0]).slice(7))] ?? "", message: issue.message })) };
    }
    const mapping = record.header.map((_, i) => parsed.data[`column-${i}`]);
    const problems = checkMapping(record.header, mapping, attributeOptions(db, shopId));
    if (problems.length > 0) return { ok: false, problems };

    const resolved = mapping.map((target, i): FieldTarget => {
      if (!target.startsWith("new_attribute:")) return target;
      const key = newAttributeKey(record.header[i]);
      sqlite
        .prepare(`INSERT INTO attribute_definitions (shop_id, key, label, type, source, created_at) VALUES (?, ?, ?, ?, 'import', ?)`)
        .run(shopId, key, record.header[i].slice(0, 100), target.slice("new_attribute:".length) as AttributeType, now);
      return `attribute:${key}`;
    });
    sqlite
      .prepare(`UPDATE imports SET status = 'queued', mapping = ?, started_at = ?, updated_at = ? WHERE id = ? AND shop_id = ?`)
      .run(JSON.stringify(resolved), now, now, importId, shopId);
    enqueueJob(db, { type: IMPORT_JOB, shopId, payload: { shopId, importId }, uniqueKey: `${IMPORT_JOB}:${importId}:0`, maxAttempts: 5 }, now);
    return { ok: true };
  }).immediate();
}

export type RejectionRow = { row: number; column: string; value: string; reason: string };

/** The rejected rows' problems in file order, for the downloadable report. */
export function rejectionRows(db: Db, { shopId, importId }: { shopId: number; importId: number }): IterableIterator<RejectionRow> {
  return db.$client
    .prepare(`SELECT row, "column", value, reason FROM import_rejections WHERE import_id = ? AND shop_id = ? ORDER BY row, id`)
    .iterate(importId, shopId) as IterableIterator<RejectionRow>;
}

export function countRejections(db: Db, { shopId, importId }: { shopId: number; importId: number }): number {
  return db.$client.prepare(`SELECT count(*) FROM import_rejections WHERE import_id = ? AND shop_id = ?`).pluck().get(importId, shopId) as number;
}

/** An import as the pages show it (serialisable). */
export type ImportView = {
  id: number;
  fileName: string;
  status: ImportStatus;
  /** Share of the file's bytes imported, 0–100. */
  percent: number;
  rowsDone: number;
  counts: ImportCounts;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
};

export function importView(record: ImportRecord): ImportView {
  const percent = record.status === "done" ? 100 : record.fileBytes > 0 ? Math.min(99, Math.floor((record.bytesDone / record.fileBytes) * 100)) : 0;
  return {
    id: record.id, fileName: record.fileName, status: record.status, percent, rowsDone: record.rowsDone, counts: record.counts,
    error: record.error, createdAt: record.createdAt, finishedAt: record.finishedAt,
  };
}
