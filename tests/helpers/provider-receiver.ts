import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifySignature } from "../../app/messaging/signature";
import type { HookPayload } from "../../app/messaging/payload";

/**
 * An email/SMS provider on loopback for tests: real HTTP, verifying the Segmentflow signature of
 * every request and deduplicating on the idempotency key as real providers do (a repeat of an
 * accepted key is answered 200 again but is not a second message). `respond` scripts the answers
 * (500 then 200, 429 with Retry-After, a 400, a hang past the sender's timeout…).
 */

export type ReceivedRequest = {
  key: string;
  /** Which request for this key it was (1 = first). */
  nth: number;
  payload: HookPayload;
  signatureValid: boolean;
  headerKey: string | null;
  status: number;
  at: number;
};

export type Answer = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | "hang";
export type Responder = (request: { key: string; nth: number; payload: HookPayload }) => Answer;

export const answerOk: Responder = () => ({ status: 200 });
/** Every key fails once with a 500, then succeeds. */
export const failOnceThenOk: Responder = ({ nth }) => (nth === 1 ? { status: 500, body: { error: "temporarily unavailable" } } : { status: 200 });

export class ProviderReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Messages the provider accepted: idempotency key → the payload of the first accepted request. */
  readonly accepted = new Map<string, HookPayload>();
  respond: Responder;
  /** Called for every verified request before it is answered (e.g. to kill the sender mid-request). */
  onRequest: ((request: ReceivedRequest) => void) | null = null;
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();
  url = "";

  private constructor(
    readonly secret: string,
    respond: Responder,
  ) {
    this.respond = respond;
  }

  static async start({ secret, respond = answerOk, path = "/messages" }: { secret: string; respond?: Responder; path?: string }): Promise<ProviderReceiver> {
    const receiver = new ProviderReceiver(secret, respond);
    receiver.server = createServer((req, res) => void receiver.handle(req, res));
    await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}${path}`;
    return receiver;
  }

  /** Effective messages per (source, contact): how many distinct accepted keys each got (must be 1). */
  effectivePerRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const payload of this.accepted.values()) {
      const recipient = `${payload.source?.kind}:${payload.source?.id}:${payload.source?.step ?? ""}:${payload.contact_id}`;
      counts.set(recipient, (counts.get(recipient) ?? 0) + 1);
    }
    return counts;
  }

  requestsFor(key: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.key === key);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
    const check = verifySignature({ secret: this.secret, rawBody: raw, header: typeof header === "string" ? header : null, nowMs: Date.now() });
    let payload: HookPayload;
    try {
      payload = JSON.parse(raw) as HookPayload;
    } catch {
      res.writeHead(400).end("not JSON");
      return;
    }
    const key = payload.idempotency_key;
    const headerKey = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    const nth = this.requests.filter((r) => r.key === key).length + 1;
    const record: ReceivedRequest = { key, nth, payload, signatureValid: check.ok, headerKey: typeof headerKey === "string" ? headerKey : null, status: 0, at: Date.now() };
    this.requests.push(record);
    if (!check.ok) {
      record.status = 401;
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: `signature ${check.reason}` }));
      return;
    }
    this.onRequest?.(record);
    if (this.accepted.has(key)) {
      // the provider's own dedupe: the original answer again, no second message
      record.status = 200;
      res.writeHead(200, { "Content-Type": "application/json", "Idempotent-Replayed": "true" }).end(JSON.stringify({ id: `msg_${key}` }));
      return;
    }
    const answer = this.respond({ key, nth, payload });
    if (answer === "hang") {
      this.hanging.add(res);
      return;
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    record.status = answer.status;
    if (answer.status >= 200 && answer.status < 300) this.accepted.set(key, payload);
    res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body ?? (answer.status < 300 ? { id: `msg_${key}` } : { error: "refused" })));
  }
}
