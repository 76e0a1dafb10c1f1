import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, InlineStack, Page, Tabs, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { DeliveryLogTable } from "../components/outbox/delivery-log-table";
import { STATUS_LABELS } from "../components/outbox/labels";
import { MessagePreview } from "../components/outbox/message-preview";
import { OutboxTable } from "../components/outbox/outbox-table";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";
import { outboxPageData } from "../messaging/outbox-page.server";

const QuerySchema = z.object({
  tab: z.enum(["outbox", "log", "problems"]).optional(),
  message: z.coerce.number().int().positive().optional().catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const params = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const demo = mode === "demo";
  const tab = params.tab === "outbox" && !demo ? "log" : (params.tab ?? (demo ? "outbox" : "log"));
  return json({ demo, tab, ...outboxPageData(getDb(), { shopId: shop.id, timeZone: shop.timeZone, tab, messageId: params.message ?? null }) });
};

export default function OutboxPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const tabs = [
    ...(data.demo ? [{ id: "outbox", content: "Received (built-in outbox)" }] : []),
    { id: "log", content: "Delivery log" },
    { id: "problems", content: "Dead letters and skips" },
  ];
  const selectedTab = Math.max(0, tabs.findIndex((t) => t.id === data.tab));
  const counts = Object.entries(data.counts.byStatus) as [keyof typeof STATUS_LABELS, number][];
  return (
    <Page title="Outbox" subtitle={data.demo ? "Demo mode: messages go to the app's built-in outbox instead of a provider" : "Every message and its delivery attempts"}>
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="300" wrap>
            {counts.length === 0 ? <Text as="span">No campaign or automation messages yet.</Text> : null}
            {counts.map(([status, n]) => (
              <Badge key={status} tone={STATUS_LABELS[status].tone}>{`${STATUS_LABELS[status].label}: ${n.toLocaleString("en-US")}`}</Badge>
            ))}
            {Object.entries(data.counts.skipped).map(([reason, n]) => (
              <Text key={reason} as="span" tone="subdued">{`skipped (${reason.replace(/_/g, " ")}): ${n}`}</Text>
            ))}
          </InlineStack>
        </Card>
        <Card padding="0">
          <Tabs tabs={tabs} selected={selectedTab} onSelect={(i) => navigate(`?tab=${tabs[i]!.id}`)}>
            {data.outbox && data.outbox.length === 0 ? (
              <EmptyState heading="Nothing received yet" image="">
                <p>Messages that campaigns and automations send appear here. Use “Send test” in Settings to try it.</p>
              </EmptyState>
            ) : null}
            {data.outbox && data.outbox.length > 0 ? <OutboxTable rows={data.outbox} selectedId={data.selected?.id ?? null} /> : null}
            {data.log && data.log.length === 0 ? (
              <EmptyState heading={data.tab === "problems" ? "No dead letters or skipped messages" : "No messages yet"} image="">
                <p>{data.tab === "problems" ? "Messages a provider refused, or that could not be sent safely, are listed here." : "Messages appear here as soon as they are queued."}</p>
              </EmptyState>
            ) : null}
            {data.log && data.log.length > 0 ? <DeliveryLogTable rows={data.log} /> : null}
          </Tabs>
        </Card>
        {data.selected ? <MessagePreview message={data.selected} /> : null}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" notFoundTitle="Outbox not found" />;
}
