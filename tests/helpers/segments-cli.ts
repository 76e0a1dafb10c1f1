import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "./server";

const run = promisify(execFile);

/**
 * `npm run segments -- <args>` against one database file at a fixed clock, as a separate process:
 * its exit code and the JSON it printed (on success and on refusal alike).
 */
export function segmentsCli(dbPath: string, now: string) {
  return async (...args: string[]): Promise<{ code: number; json: any }> => {
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "server/segments-cli.ts", ...args, "--db", dbPath, "--now", now], { cwd: PROJECT_ROOT });
      return { code: 0, json: JSON.parse(stdout) };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, json: JSON.parse(failed.stdout) };
    }
  };
}
