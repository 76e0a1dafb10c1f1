import { STATUS_CODES } from "node:http";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import { getDb } from "../app/db.server";
import { getEnv } from "../app/env.server";
import { logger } from "../app/logger.server";
import { shopifyAppSecret } from "../app/platforms/shopify/app-secret.server";
import { shoplineWebhookSecret } from "../app/platforms/shopline/config.server";
import { METHOD_NOT_ALLOWED, type IncomingDelivery, type IntakeAnswer } from "./intake-answer";
import { GroupCommit } from "./group-commit.server";
import { acceptShoplineWebhook } from "./shopline-intake.server";
import { acceptShopifyWebhook } from "./shopify-intake.server";

/**
 * The largest webhook body taken in. Shopify sends bodies "upwards of a megabyte" for big orders
 * (Shopify staff, community.shopify.com/c/Shopify-APIs-SDKs/Webhook-requests-exceed-max-size/m-p/144434)
 * and caps EventBridge payloads at 1,000,000 bytes (shopify.dev changelog, 2026-11-17); ten times
 * that is refused with 413 before anything is stored.
 */
export const MAX_WEBHOOK_BODY_BYTES = 10 * 1024 * 1024;

const INTAKE = {
  "/webhooks/shopify": { platform: "shopify", accept: (d: IncomingDelivery) => acceptShopifyWebhook(getDb(), d, shopifyAppSecret(getEnv())) },
  "/webhooks/shopline": { platform: "shopline", accept: (d: IncomingDelivery) => acceptShoplineWebhook(getDb(), d, shoplineWebhookSecret(getEnv())) },
} as const;

let shared: { db: ReturnType<typeof getDb>; group: GroupCommit } | undefined;
/** One group commit per database connection (tests may swap the connection). */
function groupCommit(): GroupCommit {
  const db = getDb();
  if (shared?.db !== db) shared = { db, group: new GroupCommit(db.$client) };
  return shared.group;
}

function send(res: Response, { status, body, headers }: IntakeAnswer): void {
  res.status(status).set(headers).end(body);
}

/**
 * Webhook intake in Express, mounted ahead of Remix and of the request log (at thousands of
 * deliveries a second, Remix's routing and web Request objects and an info line per delivery cost
 * more than verifying and storing). The body is read raw, whatever its content type, as the exact
 * bytes the signature covers; it is never inflated (a Content-Encoding is refused with 415).
 */
export function webhookIntakeRouter(): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES, inflate: false });
  for (const [path, { platform, accept }] of Object.entries(INTAKE)) {
    router.post(path, raw, (req: Request, res: Response) => {
      const started = performance.now();
      const now = Date.now();
      const delivery = { header: (name: string) => req.headers[name] as string | undefined, raw: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), now };
      groupCommit().run(
        () => accept(delivery),
        (outcome) => {
          if (!outcome.committed) {
            logger.error({ err: outcome.error, path }, "webhook intake failed");
            send(res, { status: 500, body: "", headers: {} });
            return;
          }
          send(res, outcome.value);
          logger.debug({ platform, status: outcome.value.status, ms: Math.round((performance.now() - started) * 10) / 10 }, "webhook");
        },
      );
    });
    router.all(path, (_req, res) => send(res, METHOD_NOT_ALLOWED[platform]));
  }
  router.use(intakeErrors);
  return router;
}

/** Body errors are the sender's (413, 415, 400); anything else is ours: logged, 500, nothing answered 200. */
const intakeErrors: ErrorRequestHandler = (error: { status?: number; type?: string; expose?: boolean }, req, res, _next) => {
  const status = typeof error.status === "number" && error.status >= 400 && error.status < 500 && error.expose ? error.status : 500;
  if (status === 500) logger.error({ err: error, path: req.path }, "webhook intake failed");
  else logger.warn({ path: req.path, status, reason: error.type }, "webhook body refused");
  res.status(status).set("Content-Type", "text/plain; charset=utf-8").end(status === 413 ? `The body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` : STATUS_CODES[status] ?? "Error");
};
