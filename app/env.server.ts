import { z } from "zod";
import { DEFAULT_DEMO_DATABASE_PATH } from "../db/paths";

/**
 * Run modes. The mode is always explicit (APP_MODE); it is never inferred from missing
 * credentials. `demo` serves the seeded demo store on loopback with no login; `production` talks to
 * real Shopify stores and refuses to boot without its configuration.
 */
export const APP_MODES = ["demo", "production"] as const;
export type AppMode = (typeof APP_MODES)[number];

/** Settings that only make sense in one mode: setting them in the other is refused. */
const DEMO_ONLY = ["DEMO_SEED", "DEMO_SCALE", "DEMO_ANCHOR"] as const;
const PRODUCTION_ONLY = [
  "SHOPIFY_API_KEY",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_APP_URL",
  "SCOPES",
  "SHOPLINE_APP_KEY",
  "SHOPLINE_APP_SECRET",
  "SHOPLINE_SCOPES",
  "SHOPLINE_ADMIN_API_ORIGIN",
] as const;

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1"];

const common = {
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How often the scheduler ticks (time-window re-checks and periodic jobs). */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How long a claimed job is its runner's before another may take it over (a crashed runner's jobs wait this long). */
  JOB_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Where the Shopify Admin API is reached (default: https://{shop}). Tests point it at a local fake;
   * a deployment could point it at an egress proxy.
   */
  SHOPIFY_ADMIN_API_ORIGIN: z.url().optional(),
};

const DemoEnvSchema = z.object({
  APP_MODE: z.literal("demo"),
  ...common,
  HOST: z
    .string()
    .default("127.0.0.1")
    .refine((h) => LOOPBACK_HOSTS.includes(h), "demo mode only binds to loopback (127.0.0.1, localhost or ::1)"),
  DATABASE_PATH: z.string().min(1).default(DEFAULT_DEMO_DATABASE_PATH),
  DEMO_SEED: z.coerce.number().int().default(20261128),
  DEMO_SCALE: z.coerce.number().positive().max(1000).default(1),
  /** ISO time the demo data is anchored to (default: now), so "last 30 days" stays populated. */
  DEMO_ANCHOR: z.iso.datetime({ offset: true }).optional(),
});

const ProductionEnvSchema = z.object({
  APP_MODE: z.literal("production"),
  ...common,
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1, "DATABASE_PATH is required in production"),
  SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required in production"),
  SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required in production"),
  SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public https URL"),
  SCOPES: z.string().optional(),
  /** SHOPLINE app credentials (Partner Portal); SHOPLINE webhooks and installs need them. */
  SHOPLINE_APP_KEY: z.string().min(1).optional(),
  SHOPLINE_APP_SECRET: z.string().min(1).optional(),
  /** Scopes the SHOPLINE install asks for (comma-separated). */
  SHOPLINE_SCOPES: z.string().min(1).default("read_customers,read_orders,read_store_information"),
  /**
   * Where SHOPLINE is reached (default: https://{handle}.myshopline.com) for the OAuth token
   * endpoints, the Admin APIs and the authorize page. Tests point it at a local fake.
   */
  SHOPLINE_ADMIN_API_ORIGIN: z.url().optional(),
});

export type DemoEnv = z.infer<typeof DemoEnvSchema>;
export type ProductionEnv = z.infer<typeof ProductionEnvSchema>;
export type Env = DemoEnv | ProductionEnv;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses and checks the environment for the mode it names. Throws `EnvError` listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const mode = source.APP_MODE;
  if (mode !== "demo" && mode !== "production") {
    throw new EnvError([
      `APP_MODE must be "demo" or "production" (got ${mode === undefined ? "nothing" : JSON.stringify(mode)}). ` +
        "Use `npm run demo` for the demo store or `npm start` with your Shopify app's settings.",
    ]);
  }
  const forbidden = (mode === "demo" ? PRODUCTION_ONLY : DEMO_ONLY).filter((k) => source[k] !== undefined && source[k] !== "");
  const problems = forbidden.map(
    (k) => `${k} is a ${mode === "demo" ? "production" : "demo"} setting and cannot be used in ${mode} mode`,
  );
  const schema = mode === "demo" ? DemoEnvSchema : ProductionEnvSchema;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".") || "env"}: ${issue.message}`);
  }
  // the secret alone verifies webhooks; installs need the key and the secret
  if (mode === "production" && source.SHOPLINE_APP_KEY && !source.SHOPLINE_APP_SECRET) {
    problems.push("SHOPLINE_APP_KEY needs SHOPLINE_APP_SECRET (SHOPLINE installs sign with it)");
  }
  if (problems.length > 0 || !parsed.success) throw new EnvError(problems);
  return parsed.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that switch configuration within one process. */
export function resetEnvCache(): void {
  cached = undefined;
}
