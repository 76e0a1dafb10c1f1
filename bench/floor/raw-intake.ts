/**
 * The hand-written floor for webhook ingestion: a bare `node:http` server in its own process that
 * verifies Shopify's HMAC over the raw body (timing-safe) and inserts the raw body into a
 * one-table SQLite file (WAL, synchronous=NORMAL, one transaction per request, unique on
 * (shop, topic, dedupe key) like the product's inbox) before answering 200. Driven by the same
 * load generator as the product, its rate is what the product's rate is divided by.
 *
 *   node --import tsx bench/floor/raw-intake.ts --serve <db file>   (the server; prints its port)
 */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { summarize } from "../stats";
import { rateOf } from "../webhooks/intake-check";
import { syntheticContacts } from "../webhooks/payloads";
import { peakRssMiB, runLoadGenerator } from "../webhooks/processes";

const SECRET = "raw-intake-floor-secret";
const SHOP = "floor.myshopify.com";

export type RawIntakeFloorResult = {
  sent: number;
  answered200: number;
  concurrency: number;
  perSecond: number;
  wallMs: number;
  responseMs: ReturnType<typeof summarize>;
  /** Answered 200 but not in the table: must be 0. */
  lost: number;
  peakRssMiB: number | null;
};

/** Measures the floor on a fresh file in a temporary directory (removed afterwards). */
export async function measureRawIntakeFloor({ count, concurrency }: { count: number; concurrency: number }): Promise<RawIntakeFloorResult> {
  const dir = mkdtempSync(join(tmpdir(), "segmentflow-floor-"));
  const dbPath = join(dir, "intake.sqlite");
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", dbPath], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", (code) => reject(new Error(`the floor server exited with ${code}`)));
    });
    const run = `floor-${Date.now()}`;
    const warmup = Math.min(500, Math.max(20, Math.floor(count / 10)));
    const load = await runLoadGenerator({
      mode: "burst", url: `http://127.0.0.1:${port}`, shop: SHOP, secret: SECRET, apiVersion: "2026-10",
      run, contacts: syntheticContacts(Math.min(count, 5_000)), count: warmup + count, concurrency, warmup,
    });
    const peak = peakRssMiB(child.pid!);
    const measured = load.deliveries.filter(([i]) => i >= warmup);
    const answered = measured.filter(([, status]) => status === 200);
    const db = new Database(dbPath, { readonly: true });
    const stored = new Set(db.prepare(`SELECT webhook_id FROM inbox`).pluck().all() as string[]);
    db.close();
    const lost = load.deliveries.filter(([i, status]) => status === 200 && !stored.has(`${run}-${i}`)).length;
    const wallMs = load.lastAnswerAt - load.firstSendAt;
    return {
      sent: count, answered200: answered.length, concurrency, perSecond: rateOf(answered.length, wallMs), wallMs,
      responseMs: summarize(measured.map(([, , , ms]) => ms)), lost, peakRssMiB: peak,
    };
  } finally {
    if (child.exitCode === null) await new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")));
    rmSync(dir, { recursive: true, force: true });
  }
}

function serve(dbPath: string): void {
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE inbox (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, topic TEXT NOT NULL, dedupe_key TEXT NOT NULL, webhook_id TEXT,
    triggered_at TEXT, body TEXT NOT NULL, received_at INTEGER NOT NULL, UNIQUE (shop, topic, dedupe_key))`);
  const insert = db.prepare(`INSERT INTO inbox (shop, topic, dedupe_key, webhook_id, triggered_at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const expected = createHmac("sha256", SECRET).update(raw).digest();
      const shop = req.headers["x-shopify-shop-domain"];
      const topic = req.headers["x-shopify-topic"];
      const webhookId = req.headers["x-shopify-webhook-id"];
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.writeHead(401).end();
      if (typeof shop !== "string" || typeof topic !== "string" || typeof webhookId !== "string") return void res.writeHead(400).end();
      const eventId = req.headers["x-shopify-event-id"];
      insert.run(shop, topic, typeof eventId === "string" ? eventId : webhookId, webhookId, String(req.headers["x-shopify-triggered-at"] ?? ""), raw.toString("utf8"), Date.now());
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port));
  process.on("SIGTERM", () => {
    server.close();
    db.close();
    process.exit(0);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "--serve") serve(process.argv[3]);
