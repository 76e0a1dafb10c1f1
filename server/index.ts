/**
 * The one server process: validates the configuration, migrates the database, seeds the demo
 * store (demo mode), then serves the admin over HTTP and runs the job runner and the scheduler,
 * each exactly once. `APP_MODE` decides the mode; it is never guessed.
 */
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { migrateDatabase, openDatabase } from "../db/client.server";
import { ensureDemoStore } from "../db/seed/demo-store";
import { setDb } from "../app/db.server";
import { EnvError, getEnv, type Env } from "../app/env.server";
import { JOB_DEFINITIONS, schedules } from "../app/jobs/registry.server";
import { JobRunner } from "../app/jobs/runner.server";
import { Scheduler } from "../app/jobs/scheduler.server";
import { logger } from "../app/logger.server";
import { configureMessaging } from "../app/messaging/config.server";
import { InboxWorker } from "../webhooks/inbox-worker.server";
import { HANDLERS } from "../webhooks/registry";
import { createHttpApp } from "./http";
import { SERVER_BUILD_PATH } from "./paths";

installGlobals({ nativeFetch: true });

function loadEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Segmentflow cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const env = loadEnvOrExit();
  if (!existsSync(SERVER_BUILD_PATH)) {
    console.error(`No app build at ${SERVER_BUILD_PATH}. Run \`npm run build\` first (npm run demo does it for you).`);
    process.exit(1);
  }
  const db = openDatabase(env.DATABASE_PATH, { backgroundCheckpoints: true });
  migrateDatabase(db);
  setDb(db);

  if (env.APP_MODE === "demo") {
    const anchor = env.DEMO_ANCHOR ? Date.parse(env.DEMO_ANCHOR) : Date.now();
    const started = performance.now();
    const { seeded, shopId } = ensureDemoStore(db, { seed: env.DEMO_SEED, scale: env.DEMO_SCALE, anchor });
    logger.info({ shopId, seeded, ms: Math.round(performance.now() - started), database: env.DATABASE_PATH }, seeded ? "demo store seeded" : "demo store found");
  }

  const build = (await import(pathToFileURL(SERVER_BUILD_PATH).href)) as ServerBuild;
  const runner = new JobRunner({ db, definitions: JOB_DEFINITIONS, leaseMs: env.JOB_LEASE_MS });
  const scheduler = new Scheduler({ db, schedules: schedules(env.SCHEDULER_TICK_MS), tickMs: env.SCHEDULER_TICK_MS });
  const server = createHttpApp(build).listen(env.PORT, env.HOST, () => {
    const { port } = server.address() as AddressInfo;
    const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    // demo links (unsubscribe, tracking) and the built-in outbox use the port actually bound
    if (env.APP_MODE === "demo") configureMessaging({ baseUrl: url });
    logger.info({ mode: env.APP_MODE, url, port }, `Segmentflow (${env.APP_MODE}) listening on ${url}/app`);
    if (process.env.NODE_ENV === "development") void broadcastDevReady(build);
  });
  const inbox = new InboxWorker({ db, handlers: HANDLERS });
  runner.start();
  scheduler.start();
  inbox.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    scheduler.stop();
    inbox.stop();
    server.close();
    await runner.stop();
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  logger.fatal({ err: error }, "server failed to start");
  process.exit(1);
});
