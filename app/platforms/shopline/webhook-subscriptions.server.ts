import { z } from "zod";
import { SHOPLINE_API_VERSION } from "./admin-graphql.server";
import { shoplineBaseUrl } from "./oauth.server";

/**
 * Subscribes a SHOPLINE store's webhooks through the Admin REST API
 * (developer.shopline.com/docs/admin-rest-api/webhook/subscribe-to-a-webhook and
 * …/get-a-list-of-subscribed-webhooks):
 *
 * - `GET /admin/openapi/{version}/webhooks.json` → `{ webhooks: [{ id, address, api_version, topic, … }] }`
 * - `POST /admin/openapi/{version}/webhooks.json` with `{ webhook: { address, api_version, topic } }`
 *   → `{ webhook: { id, … } }`; one topic per call; event versions v20240601 and later only.
 *
 * What SHOPLINE answers for a topic subscribed twice is not documented, so the existing
 * subscriptions are listed first and only the missing topics are created: running this again
 * (a reinstall, a retry) adds nothing. A topic SHOPLINE refuses is reported and the others still
 * go through (the docs spell the order update both `orders/update` and `orders/updated`; whichever
 * does not exist is expected to be refused).
 */

const Subscription = z.object({ id: z.union([z.number(), z.string()]), address: z.string(), topic: z.string(), api_version: z.string().nullish() });
const ListAnswer = z.object({ webhooks: z.array(Subscription).nullish() });
const CreateAnswer = z.object({ webhook: Subscription });

export type SubscriptionReport = { created: string[]; existing: string[]; failed: { topic: string; error: string }[] };

type Options = { handle: string; accessToken: string; origin?: string; version?: string; fetchImpl?: typeof fetch };

async function call(options: Options, init: { method: "GET" | "POST"; body?: unknown }): Promise<unknown> {
  const url = `${shoplineBaseUrl(options.handle, options.origin)}/admin/openapi/${options.version ?? SHOPLINE_API_VERSION}/webhooks.json`;
  const response = await (options.fetchImpl ?? fetch)(url, {
    method: init.method,
    headers: { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${options.accessToken}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  return JSON.parse(text) as unknown;
}

export async function ensureShoplineWebhooks(options: Options & { address: string; topics: readonly string[] }): Promise<SubscriptionReport> {
  const report: SubscriptionReport = { created: [], existing: [], failed: [] };
  const listed = ListAnswer.parse(await call(options, { method: "GET" }));
  const ours = new Set((listed.webhooks ?? []).filter((w) => w.address === options.address).map((w) => w.topic));
  for (const topic of options.topics) {
    if (ours.has(topic)) {
      report.existing.push(topic);
      continue;
    }
    try {
      CreateAnswer.parse(
        await call(options, { method: "POST", body: { webhook: { address: options.address, api_version: options.version ?? SHOPLINE_API_VERSION, topic } } }),
      );
      report.created.push(topic);
    } catch (error) {
      report.failed.push({ topic, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
