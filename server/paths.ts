import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_BUILD_PATH = resolve(PROJECT_ROOT, "build/index.js");
