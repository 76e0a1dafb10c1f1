/** The processes a webhook measurement runs: the real server, the load generator, their memory. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT, SERVER_BUILD_PATH } from "../../server/paths";
import { startServer, type RunningServer } from "../../tests/helpers/server";
import type { LoadRequest, LoadResult } from "./load-generator";

const GENERATOR = fileURLToPath(new URL("./load-generator.ts", import.meta.url));

export type Log = (...parts: unknown[]) => void;

/** `remix build` once if the server has no build to serve (as `npm run demo` does). */
export async function ensureAppBuild(log: Log): Promise<void> {
  if (existsSync(SERVER_BUILD_PATH)) return;
  log("no app build: running remix build…");
  // production, as `npm run build`: a development build does not run on the production server
  await run(process.execPath, [join(PROJECT_ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { ...process.env, NODE_ENV: "production" });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}:\n${stderr}`))));
  });
}

/**
 * The real server (`server/index.ts`, as `npm run demo` runs it) on `dbPath`, in demo mode on a
 * free loopback port, with its production settings (request logging included).
 */
export function startBenchServer(dbPath: string): Promise<RunningServer> {
  return startServer({ APP_MODE: "demo", DATABASE_PATH: dbPath, HOST: "127.0.0.1" });
}

/** Peak resident memory (VmHWM) of a live process, in MiB; read it before stopping the process. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null; // not Linux, or the process has gone
  }
}

/** Runs the load generator in its own process and returns what it measured. */
export async function runLoadGenerator(plan: LoadRequest): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "segmentflow-load-"));
  try {
    const out = join(dir, "result.json");
    const planPath = join(dir, "plan.json");
    writeFileSync(planPath, JSON.stringify({ ...plan, out }));
    await run(process.execPath, ["--import", "tsx", GENERATOR, planPath]);
    return JSON.parse(readFileSync(out, "utf8")) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it holds; false when `timeoutMs` passed first. */
export async function waitUntil(check: () => boolean, { timeoutMs, everyMs = 100 }: { timeoutMs: number; everyMs?: number }): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(everyMs);
  }
  return true;
}
