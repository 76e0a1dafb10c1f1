import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../admin.server";
import { listCampaigns } from "../campaigns/campaigns.server";
import { CAMPAIGN_STATUS, CHANNEL_NAMES, count } from "../components/campaigns/labels";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rows = listCampaigns(getDb(), { shopId: shop.id }).map((c) => ({
    id: c.id,
    name: c.name,
    channel: c.channel,
    status: c.status,
    audience: c.audienceCount === null ? "—" : count(c.audienceCount),
    when:
      c.status === "scheduled"
        ? `Scheduled for ${formatDateTime(c.scheduledAt, shop.timeZone)}`
        : c.startedAt
          ? `Sent ${formatDateTime(c.startedAt, shop.timeZone)}`
          : `Updated ${formatDateTime(c.updatedAt, shop.timeZone)}`,
  }));
  return json({ rows });
};

export default function CampaignsPage() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <Page title="Campaigns" primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}>
      <Card padding="0">
        {rows.length === 0 ? (
          <EmptyState heading="Reach a segment with an email or a text message" action={{ content: "Create campaign", url: "/app/campaigns/new" }} image="">
            <p>Send to one or more segments, leave others out, now or at a time you choose.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "campaign", plural: "campaigns" }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: "Campaign" }, { title: "Channel" }, { title: "Status" }, { title: "Audience", alignment: "end" }, { title: "When" }]}
          >
            {rows.map((row, index) => (
              <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/campaigns/${row.id}`} removeUnderline>
                    <Text as="span" fontWeight="semibold">
                      {row.name}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>{CHANNEL_NAMES[row.channel]}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={CAMPAIGN_STATUS[row.status].tone}>{CAMPAIGN_STATUS[row.status].label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {row.audience}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.when}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" notFoundTitle="Campaigns not found" />;
}
