/**
 * What webhook intake answers: a status, a short body and its headers. Shopify's answers are empty
 * (as its library answered); SHOPLINE's are plain text naming what is wrong.
 */
export type IntakeAnswer = { status: number; body: string; headers: Record<string, string> };

/** A request header by its lowercase name; undefined when absent (Node and fetch both join repeats with ", "). */
export type HeaderReader = (lowercaseName: string) => string | undefined;

/** One delivery as the HTTP layer hands it over: the headers and the body's exact bytes. */
export type IncomingDelivery = { header: HeaderReader; raw: Buffer; now: number };

export const answer = (status: number): IntakeAnswer => ({ status, body: "", headers: {} });

export const textAnswer = (status: number, body: string): IntakeAnswer => ({ status, body, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** Anything but POST (Shopify's library answered an empty 405; SHOPLINE's route a plain-text one). */
export const METHOD_NOT_ALLOWED = {
  shopify: { status: 405, body: "", headers: { Allow: "POST" } },
  shopline: { status: 405, body: "Method Not Allowed", headers: { ...textAnswer(405, "").headers, Allow: "POST" } },
} satisfies Record<string, IntakeAnswer>;

/** For a web `Request` (the Remix routes, which in-process callers use). */
export async function deliveryFromRequest(request: Request, now: number): Promise<IncomingDelivery> {
  return { header: (name) => request.headers.get(name) ?? undefined, raw: Buffer.from(await request.arrayBuffer()), now };
}

export const toResponse = ({ status, body, headers }: IntakeAnswer): Response => new Response(body === "" && !headers["Content-Type"] ? null : body, { status, headers });
