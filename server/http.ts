import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { resolve } from "node:path";
import { logger } from "../app/logger.server";
import { webhookIntakeRouter } from "../webhooks/intake-http.server";
import { PROJECT_ROOT } from "./paths";

/** The HTTP app: webhook intake, static assets, a health check, request logs, and Remix for everything else. */
export function createHttpApp(build: ServerBuild): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // first: the hot path, without a request log line per delivery (webhooks/intake-http.server.ts)
  app.use(webhookIntakeRouter());
  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () => {
      if (req.path.startsWith("/build/")) return;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    next();
  });
  app.use("/build", express.static(resolve(PROJECT_ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(resolve(PROJECT_ROOT, "public"), { maxAge: "1h" }));
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}
