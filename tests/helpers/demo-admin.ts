import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { findSegment, type SegmentRecord } from "../../app/models/segments.server";
import type { Db } from "../../db/client.server";
import { launchBrowser, newContext } from "./browser";
import { startDemoServer, waitUntil, type DemoServer } from "./demo-server";
import { PROJECT_ROOT } from "./server";

/** Where browser tests leave their screenshots (created by `startDemoAdmin`). */
export const SCREENSHOTS = join(PROJECT_ROOT, ".screenshots");

export type DemoAdmin = DemoServer & {
  browser: Browser;
  /** One page in a desktop Chrome context (see `newContext`). */
  page: Page;
  /** Every uncaught error of the page, for the final "no browser error" check. */
  pageErrors: string[];
};

/**
 * The demo admin for a browser test: the demo server on a fresh database (see `startDemoServer`),
 * Chromium with one page collecting its errors, and the screenshots folder. `stop` closes it all.
 */
export async function startDemoAdmin(options: Parameters<typeof startDemoServer>[0] = {}): Promise<DemoAdmin> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const demo = await startDemoServer(options);
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await demo.stop();
  };
  try {
    browser = await launchBrowser();
    const page = await (await newContext(browser)).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { ...demo, browser, page, pageErrors, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until the server's job runner has computed the segment, and returns it. */
export async function segmentComputed(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): Promise<SegmentRecord> {
  await waitUntil(`segment ${segmentId} to be computed`, () => findSegment(db, { shopId, segmentId })!.status === "ready", { intervalMs: 200 });
  return findSegment(db, { shopId, segmentId })!;
}
