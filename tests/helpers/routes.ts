import { matchRoutes } from "@remix-run/react";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export type RouteNode = { id: string; path?: string; index?: boolean; file: string; children?: RouteNode[] };

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let cached: RouteNode[] | undefined;

/** The app's route tree exactly as Remix resolves it (`remix routes --json`). */
export function routeTree(): RouteNode[] {
  cached ??= JSON.parse(
    execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "routes", "--json"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
  ) as RouteNode[];
  return cached;
}

/** Every route module file (relative to app/), except root.tsx. */
export function routeFiles(): string[] {
  const files: string[] = [];
  const walk = (nodes: RouteNode[]) => {
    for (const node of nodes) {
      if (node.id !== "root") files.push(node.file);
      walk(node.children ?? []);
    }
  };
  walk(routeTree());
  return files.sort();
}

/** The route file that would answer `pathname`, or null if none matches. */
export function resolveRoute(pathname: string): string | null {
  const matches = matchRoutes(routeTree() as never, pathname);
  const leaf = matches?.[matches.length - 1]?.route as RouteNode | undefined;
  return leaf ? leaf.file : null;
}
