import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { parsePayload } from "../platforms/json";

/**
 * Streams a JSONL document line by line from a URL (a bulk operation's result): the body is read
 * as it arrives and never held whole, so a file of millions of rows costs a line's memory.
 */
export async function* fetchJsonlLines(url: string, { fetch: fetchImpl = fetch, signal }: { fetch?: typeof fetch; signal?: AbortSignal } = {}): AsyncGenerator<string> {
  const response = await fetchImpl(url, { signal });
  if (!response.ok || !response.body) {
    throw new Error(`Downloading the bulk result failed: HTTP ${response.status}${response.status === 403 ? " (the link has probably expired)" : ""}`);
  }
  const lines = createInterface({ input: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() !== "") yield line;
    }
  } finally {
    lines.close();
  }
}

export type BulkRow = Record<string, unknown> & { id?: string; __parentId?: string };

/** A top-level row with the nested-connection rows that belong to it, and how many lines they took. */
export type BulkRecord = { row: BulkRow; children: BulkRow[]; lines: number };

/**
 * Groups a bulk operation's rows (run with `groupObjects: true`): child rows (`__parentId`)
 * follow their parent, so a record is complete when the next top-level row (or the end) arrives.
 * Rows are parsed without losing digits. A child whose parent is not the current record means the
 * output was not grouped, which would silently drop data: that is an error.
 */
export async function* bulkRecords(lines: AsyncIterable<string>): AsyncGenerator<BulkRecord> {
  let current: BulkRecord | null = null;
  for await (const line of lines) {
    const row = parsePayload(line) as BulkRow;
    if (row.__parentId === undefined) {
      if (current) yield current;
      current = { row, children: [], lines: 1 };
    } else {
      if (!current || current.row.id !== row.__parentId) {
        throw new Error(`Bulk result is not grouped: ${String(row.id)} belongs to ${row.__parentId}, which is not the row before it`);
      }
      current.children.push(row);
      current.lines++;
    }
  }
  if (current) yield current;
}
