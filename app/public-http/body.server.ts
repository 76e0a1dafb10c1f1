import type { z } from "zod";

/**
 * Request bodies of the public endpoints (the web pixel's `/pixel/events`, the signup popup's
 * `/proxy/signup`): read with a size limit, validated by one zod schema, and refused with a message
 * that names the offending field.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400 | 413; message: string };

/**
 * The request body as text, refusing more than `limit` bytes whether the client declared its
 * length or not: the declared Content-Length is checked first, then the bytes actually read.
 */
export async function readBodyText(request: Request, limit: number): Promise<Parsed<string>> {
  const tooLarge = { ok: false, status: 413, message: `the body is larger than ${limit} bytes` } as const;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, value: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, value: Buffer.concat(chunks, size).toString("utf8") };
}

/** `events.0.name: Invalid option; body: …` — at most three issues, each with its field path. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}

/** Validates `value` with `schema`; a failure is a 400 naming the fields. */
export function validateBody<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, status: 400, message: describeIssues(result.error) };
}
