import type { Statement } from "better-sqlite3";
import type { Sqlite } from "./client.server";

const caches = new WeakMap<Sqlite, Map<string, Statement>>();

/** A prepared statement for this connection, prepared once per SQL text (hot paths re-use it). */
export function prepared<P extends unknown[] = unknown[], R = unknown>(sqlite: Sqlite, text: string): Statement<P, R> {
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    cache.set(text, statement);
  }
  return statement as Statement<P, R>;
}
