import { MaxPartSizeExceededError, NodeOnDiskFile, unstable_createFileUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { CsvError } from "csv-parse";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { Db } from "../../db/client.server";
import { getEnv } from "../env.server";
import { readHead, sniffDelimiter } from "./csv.server";
import { createImport } from "./imports.server";
import { MAX_UPLOAD_BYTES, UPLOAD_FIELD } from "./limits";

export const PREVIEW_ROWS = 5;

/** Where uploaded files wait for their import: `imports/` beside the database file (the system temp folder for an in-memory database). */
export function importsDir(): string {
  const path = getEnv().DATABASE_PATH;
  const base = path === ":memory:" || path.startsWith("file::memory:") ? join(tmpdir(), "segmentflow") : dirname(resolve(path));
  const dir = join(base, "imports");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export type UploadResult = { ok: true; importId: number } | { ok: false; error: string };

/**
 * Streams the request's file to disk (never into memory) with Remix's file upload handler, reads
 * its header and first rows, and records the import as `uploaded`. A refused file is removed.
 */
export async function receiveUpload(db: Db, { request, shopId, now }: { request: Request; shopId: number; now: number }): Promise<UploadResult> {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return { ok: false, error: "Choose a CSV file to upload (the form must be sent as multipart/form-data)." };
  const stored = `${shopId}-${now}-${randomBytes(4).toString("hex")}.csv`;
  let originalName = "";
  const handler = unstable_createFileUploadHandler({
    directory: importsDir(),
    file: ({ filename }) => {
      originalName = basename(filename).slice(0, 255);
      return stored;
    },
    avoidFileConflicts: false,
    maxPartSize: MAX_UPLOAD_BYTES,
    filter: ({ name }) => name === UPLOAD_FIELD,
  });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await rm(join(importsDir(), stored), { force: true });
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` };
    throw error;
  }
  const file = form.get(UPLOAD_FIELD);
  if (!(file instanceof NodeOnDiskFile)) return { ok: false, error: "Choose a CSV file to upload." };
  const name = originalName || "upload.csv";
  const refuse = async (error: string): Promise<UploadResult> => {
    await file.remove();
    return { ok: false, error };
  };
  if (file.size === 0) return refuse(`“${name}” is empty.`);
  try {
    const delimiter = await sniffDelimiter(file.getFilePath());
    const head = await readHead(file.getFilePath(), { delimiter, rows: PREVIEW_ROWS });
    if (head.header.every((cell) => cell === "")) return refuse(`“${name}” has no header row: the first line must name the columns.`);
    const header = head.header.map((cell, i) => cell || `Column ${i + 1}`);
    const importId = createImport(db, { shopId, fileName: name, filePath: file.getFilePath(), fileBytes: file.size, delimiter, header, preview: head.rows, now });
    return { ok: true, importId };
  } catch (error) {
    if (error instanceof CsvError) return refuse(`“${name}” is not a readable CSV file: ${error.message}`);
    throw error;
  }
}
