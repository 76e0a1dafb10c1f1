import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { shops } from "./shops";

/**
 * The SHOPLINE Admin API access token of an installed SHOPLINE shop (one row per shop).
 *
 * SHOPLINE tokens last 10 hours and are renewed with a signed refresh request, not with a refresh
 * token, so the row holds only the current token, its expiry and how refreshing it is going.
 * The token is a credential: it is never logged and never leaves the server.
 */
export const shoplineTokens = sqliteTable(
  "shopline_tokens",
  {
    shopId: integer("shop_id")
      .primaryKey()
      .references(() => shops.id, { onDelete: "cascade" }),
    /** The store handle (`{handle}.myshopline.com`): the host every Admin API call goes to. */
    handle: text("handle").notNull(),
    accessToken: text("access_token").notNull(),
    /** Comma-separated scopes SHOPLINE granted. */
    scope: text("scope"),
    expiresAt: integer("expires_at").notNull(),
    /** When the current token was issued (install or last successful refresh). */
    issuedAt: integer("issued_at").notNull(),
    /** Consecutive failed refreshes; 0 once one succeeds. */
    refreshFailures: integer("refresh_failures").notNull().default(0),
    lastRefreshError: text("last_refresh_error"),
    lastRefreshAttemptAt: integer("last_refresh_attempt_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("shopline_tokens_expires_at_idx").on(t.expiresAt)],
);
