import { SIGNATURE_HEADER, signPayload } from "../../app/messaging/signature";

/** A POST signed the way providers sign callbacks to us (and we sign messages to them). */
export function signedRequest(url: string, body: unknown, secret: string, { signedAt = Date.now(), signature }: { signedAt?: number; signature?: string } = {}): Request {
  const raw = JSON.stringify(body);
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", [SIGNATURE_HEADER]: signature ?? signPayload(secret, raw, signedAt) },
    body: raw,
  });
}

/** Calls a Remix route module's action or loader the way Remix would. */
export async function callRoute(handler: (args: never) => unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (handler as (args: { request: Request; params: Record<string, string>; context: object }) => unknown)({ request, params, context: {} });
    return result instanceof Response ? result : new Response(JSON.stringify(result), { status: 200 });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
