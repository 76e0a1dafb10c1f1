import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "../../db/client.server";
import { storeDelivery } from "../../webhooks/inbox";
import { processInbox } from "../../webhooks/process.server";
import { HANDLERS } from "../../webhooks/registry";
import { FakeShopifyAdmin, type FakeStore } from "./fake-shopify-admin";
import { createTempDir } from "./test-db";

/**
 * For a test file that syncs shops from the fake Shopify Admin API: starts the fake on loopback
 * before the file's tests (and points the app at it), stops it after, and keeps each shop's
 * SQLite database as a real file in a temporary folder removed at the end.
 */
export function useFakeShopifyAdmin(tempPrefix: string) {
  const tmp = createTempDir(tempPrefix);
  let fake: FakeShopifyAdmin | undefined;

  beforeAll(async () => {
    fake = await FakeShopifyAdmin.start();
    process.env.SHOPIFY_ADMIN_API_ORIGIN = fake.origin;
  });
  afterAll(async () => {
    await fake?.close();
    tmp.cleanup();
  });

  return {
    /** A new store on the fake Admin API. */
    addStore(...args: Parameters<FakeShopifyAdmin["addStore"]>): FakeStore {
      if (!fake) throw new Error("the fake Admin API starts before the tests");
      return fake.addStore(...args);
    },
    /** A migrated database file of that name in the temporary folder. */
    openShopDb(name: string): Db {
      const db = openDatabase(join(tmp.dir, `${name}.sqlite`));
      migrateDatabase(db);
      return db;
    },
  };
}

/** A Shopify webhook delivery stored in the inbox and processed at once, as the server would. */
export function deliver(db: Db, shopId: number, topic: string, body: string, webhookId: string, now: number) {
  storeDelivery(db, { shopId, platform: "shopify", topic, webhookId, eventId: null, triggeredAt: now, apiVersion: "2026-10", body, receivedAt: now });
  return processInbox(db, { now, handlers: HANDLERS });
}

/** A single number from a query (`SELECT count(*) …`). */
export const count = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).pluck().get(...params) as number;
