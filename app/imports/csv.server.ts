import { parse, type Options } from "csv-parse";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream";

/**
 * Reading uploaded CSV files with csv-parse's streaming parser: a file is never held in memory,
 * and every record comes with the byte offset just after it, so an import can stop after any
 * committed row and continue from that byte (`fromByte`) with the header it stored.
 */

export const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const options = (delimiter: Delimiter): Options => ({
  delimiter,
  bom: true,
  info: true,
  // a short row means empty trailing cells; a long one is reported by the import
  relax_column_count: true,
  skip_empty_lines: true,
});

/** The file through the parser; a read error (a missing file) ends the iteration with that error. */
function parsed(file: NodeJS.ReadableStream, parserOptions: Options): AsyncIterable<unknown> {
  // errors reach the consumer through the parser; the callback only keeps them from being unhandled
  return pipeline(file, parse(parserOptions), () => {});
}

/** The delimiter of the file: whichever of , ; and tab the header line holds most of (outside quotes). */
export async function sniffDelimiter(filePath: string): Promise<Delimiter> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/)[0].replace(/"[^"]*"/g, "");
    const counts = DELIMITERS.map((d) => firstLine.split(d).length - 1);
    return DELIMITERS[counts.indexOf(Math.max(...counts))];
  } finally {
    await handle.close();
  }
}

/** The header and the first `rows` data rows, for the preview. Stops reading as soon as it has them. */
export async function readHead(filePath: string, { delimiter, rows }: { delimiter: Delimiter; rows: number }): Promise<{ header: string[]; rows: string[][] }> {
  const file = createReadStream(filePath);
  const records: string[][] = [];
  try {
    for await (const { record } of parsed(file, { ...options(delimiter), to: rows + 1 }) as AsyncIterable<{ record: string[] }>) records.push(record);
  } finally {
    file.destroy();
  }
  const [header = [], ...data] = records;
  return { header: header.map((cell) => cell.trim()), rows: data };
}

export type CsvRecord = { record: string[]; endByte: number };

/**
 * The data rows of the file from byte `fromByte` on (0: the start; the header row is then skipped),
 * each with the absolute byte offset just past it.
 */
export async function* readRecords(filePath: string, { delimiter, fromByte }: { delimiter: Delimiter; fromByte: number }): AsyncGenerator<CsvRecord> {
  const file = createReadStream(filePath, { start: fromByte });
  let skipHeader = fromByte === 0;
  try {
    for await (const { record, info } of parsed(file, options(delimiter)) as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      yield { record, endByte: fromByte + info.bytes };
    }
  } finally {
    // stopping early (a paused import) must not leave the file open
    file.destroy();
  }
}
