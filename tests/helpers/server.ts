import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

export type RunningServer = { url: string; process: ServerProcess; logs: string[]; stop: () => Promise<void> };

/** The server entry with only the given settings (nothing leaks in from the test's environment). */
function spawnServer(env: Record<string, string>): ServerProcess {
  return spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Starts the real server (`server/index.ts`, the same entry `npm run demo` uses) as a child
 * process on a free loopback port and resolves once it listens.
 */
export function startServer(env: Record<string, string>, { timeoutMs = 60_000 } = {}): Promise<RunningServer> {
  const child = spawnServer({ LOG_LEVEL: "info", ...env });
  const logs: string[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${logs.join("\n")}`));
    }, timeoutMs);
    const onLine = (line: string) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.url && entry.msg?.includes("listening")) {
          clearTimeout(timer);
          resolve({ url: entry.url, process: child, logs, stop });
        }
      } catch {
        // not a JSON log line (e.g. a startup error message)
      }
    };
    let buffered = "";
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      lines.filter(Boolean).forEach(onLine);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (buffered) onLine(buffered);
      reject(new Error(`server exited with code ${code} before listening:\n${logs.join("\n")}`));
    });
  });
}

/** Runs the server entry and waits for it to exit (for start-up refusals). */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(env);
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}
