import { execFileSync } from "node:child_process";
import { PROJECT_ROOT } from "../helpers/server";

/**
 * Builds the app once before the end-to-end tests (they run the real server on the real build).
 * NODE_ENV must be production as for `npm run build`: vitest sets it to "test", which would compile
 * development JSX that a production server cannot run.
 */
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
