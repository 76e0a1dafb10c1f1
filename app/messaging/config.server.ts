import { getEnv } from "../env.server";

/**
 * How this process sends: the public URL that unsubscribe and tracking links point at, whether the
 * built-in outbox may stand in for a provider (demo mode only), and the HTTP timeout.
 * The server sets `baseUrl` once it listens (demo ports are chosen at start); tests set all of it.
 */
export type MessagingConfig = {
  baseUrl: string;
  builtinOutbox: boolean;
  /** A send hook that has not answered after this long counts as a timeout (retried). */
  timeoutMs: number;
};

declare global {
  // The server entry and the Remix build are separate bundles in one process: both read this.
  var __segmentflowMessaging: Partial<MessagingConfig> | undefined;
}

export function configureMessaging(config: Partial<MessagingConfig>): void {
  globalThis.__segmentflowMessaging = { ...globalThis.__segmentflowMessaging, ...config };
}

/** Back to the environment's values (tests). */
export function resetMessagingConfig(): void {
  globalThis.__segmentflowMessaging = undefined;
}

export function messagingConfig(): MessagingConfig {
  let fromEnv: MessagingConfig = { baseUrl: "http://127.0.0.1:3000", builtinOutbox: false, timeoutMs: 10_000 };
  try {
    const env = getEnv();
    fromEnv =
      env.APP_MODE === "production"
        ? { baseUrl: env.SHOPIFY_APP_URL.replace(/\/+$/, ""), builtinOutbox: false, timeoutMs: 10_000 }
        : { baseUrl: `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`, builtinOutbox: true, timeoutMs: 10_000 };
  } catch {
    // no valid environment (unit tests): the defaults above, plus whatever was configured
  }
  return { ...fromEnv, ...globalThis.__segmentflowMessaging };
}
