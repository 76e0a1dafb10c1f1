import type { Page } from "playwright-core";

/**
 * The builder's live count once it has settled: ready, and still the same number a moment later
 * (a debounced request for a newer definition may still be on its way).
 */
export async function settledEstimate(page: Page): Promise<number> {
  const estimate = page.getByTestId("estimate");
  for (;;) {
    await page.locator('[data-testid="estimate"][data-state="ready"]').waitFor({ timeout: 20_000 });
    const count = await estimate.getAttribute("data-count");
    await page.waitForTimeout(450);
    if ((await estimate.getAttribute("data-state")) === "ready" && (await estimate.getAttribute("data-count")) === count) return Number(count);
  }
}
