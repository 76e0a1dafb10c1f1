/**
 * The webhook measurements alone, printed as one JSON object:
 *
 *   node --import tsx bench/webhooks/cli.ts --db <store file> [--count 20000] [--concurrency 64]
 *        [--rate 500] [--seconds 10] [--fired-customers <n>] [--floor-count <count>] [--only ingestion,fired,floor]
 *
 * The store is one `npm run seed` wrote (its shop is the demo shop); the measurements write to it
 * (deliveries, their effects, a benchmark segment and automation), so use a copy you can spare.
 */
import { parseArgs } from "node:util";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { measureRawIntakeFloor } from "../floor/raw-intake";
import { measureWebhookIngestion } from "./ingestion";
import { measureWebhookToFired } from "./to-fired";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    shop: { type: "string", default: DEMO_SHOP.domain },
    count: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    "floor-count": { type: "string" },
    "fired-customers": { type: "string" },
    only: { type: "string", default: "ingestion,fired,floor" },
  },
});

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number (got ${JSON.stringify(text)})`);
  return value;
}

async function main(): Promise<void> {
  if (!values.db) throw new Error("--db <store file> is required (npm run seed -- --db <file> --scale 1 writes one)");
  const count = positive("count", values.count);
  const concurrency = positive("concurrency", values.concurrency);
  const only = new Set(values.only!.split(",").map((s) => s.trim()));
  for (const part of only) if (!["ingestion", "fired", "floor"].includes(part)) throw new Error(`--only takes ingestion, fired and floor (got ${part})`);
  const log = (...parts: unknown[]) => console.error(`[webhooks ${new Date().toISOString().slice(11, 19)}]`, ...parts);
  const result: Record<string, unknown> = {};
  if (only.has("ingestion")) result.ingestion = await measureWebhookIngestion({ dbPath: values.db, shopDomain: values.shop!, count, concurrency, log });
  if (only.has("fired")) {
    result.toFired = await measureWebhookToFired({ dbPath: values.db, shopDomain: values.shop!, rate: positive("rate", values.rate), seconds: positive("seconds", values.seconds),
      customers: values["fired-customers"] ? positive("fired-customers", values["fired-customers"]) : undefined, log,
    });
  }
  if (only.has("floor")) {
    log("raw-intake floor…");
    result.rawIntakeFloor = await measureRawIntakeFloor({ count: values["floor-count"] ? positive("floor-count", values["floor-count"]) : count, concurrency });
  }
  const ingestion = result.ingestion as { perSecond: number } | undefined;
  const floor = result.rawIntakeFloor as { perSecond: number } | undefined;
  if (ingestion && floor) result.ingestionToFloorRatio = Math.round((floor.perSecond / Math.max(0.1, ingestion.perSecond)) * 100) / 100;
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(`bench/webhooks: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
