import { formatDateTime } from "../../format/dates";

/**
 * What the admin tells a SHOPLINE merchant about the app's access token (shopline_tokens), pure:
 * nothing while refreshing works; a warning once REFRESH_FAILURES_ALERT refreshes in a row have
 * failed (the token still works, until `expiresAt`); critical once the token has expired or is
 * gone, since then nothing that calls SHOPLINE's API (import, reconciliation) can run.
 * Re-authorizing fixes both: opening the app from the SHOPLINE admin sends the merchant through
 * SHOPLINE's authorization again when refreshing keeps failing (app/routes/shopline._index.tsx).
 */

/** From this many consecutive failed refreshes on, the merchant is told and re-authorized on entry. */
export const REFRESH_FAILURES_ALERT = 3;

export type TokenState = { expiresAt: number; refreshFailures: number; lastRefreshError: string | null };

export type TokenAlert = { tone: "warning" | "critical"; title: string; messages: string[] };

const REOPEN = "Open Segmentflow again from your SHOPLINE admin (Apps → Segmentflow) and approve the access SHOPLINE asks for: that authorizes the app again.";

export function shoplineTokenAlert(token: TokenState | null, { now, timeZone }: { now: number; timeZone: string }): TokenAlert | null {
  if (!token) {
    return {
      tone: "critical",
      title: "Segmentflow is not authorized to read your SHOPLINE store",
      messages: ["There is no access to your store's data: the customer import and the hourly checks cannot run.", REOPEN],
    };
  }
  const failures = token.refreshFailures === 1 ? "once" : `${token.refreshFailures} times in a row`;
  const lastError = token.lastRefreshError ? ` The last answer was: ${token.lastRefreshError}.` : "";
  if (token.expiresAt <= now) {
    return {
      tone: "critical",
      title: "Segmentflow's access to your SHOPLINE store has expired",
      messages: [
        `The access expired on ${formatDateTime(token.expiresAt, timeZone)}${token.refreshFailures > 0 ? ` after renewing it failed ${failures}` : ""}.${lastError}`,
        "Until it is renewed, the customer import and the hourly checks for missed updates cannot reach SHOPLINE.",
        REOPEN,
      ],
    };
  }
  if (token.refreshFailures < REFRESH_FAILURES_ALERT) return null;
  return {
    tone: "warning",
    title: "Segmentflow cannot renew its access to your SHOPLINE store",
    messages: [
      `Renewing the access has failed ${failures}.${lastError} Segmentflow keeps trying every minute.`,
      `The current access works until ${formatDateTime(token.expiresAt, timeZone)}; after that the customer import and the hourly checks stop.`,
      REOPEN,
    ],
  };
}
