import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../admin.server";
import { listAutomations } from "../automations/automations.server";
import { AUTOMATION_STATUS, TRIGGER_LABELS } from "../components/automations/labels";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rows = listAutomations(getDb(), { shopId: shop.id }).map((a) => ({ ...a, updated: formatDateTime(a.updatedAt, shop.timeZone) }));
  return json({ rows });
};

const n = (value: number) => value.toLocaleString("en-US");

export default function AutomationsPage() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <Page title="Automations" primaryAction={{ content: "Create automation", url: "/app/automations/new" }}>
      <Card padding="0">
        {rows.length === 0 ? (
          <EmptyState heading="Act when contacts enter or leave a segment" action={{ content: "Create automation", url: "/app/automations/new" }} image="">
            <p>Send an email or a text message, wait, and start Shopify Flow workflows, for every contact who enters (or leaves) a segment.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "automation", plural: "automations" }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: "Automation" }, { title: "Trigger" }, { title: "Status" }, { title: "In progress", alignment: "end" }, { title: "Enrolled", alignment: "end" }, { title: "Last updated" }]}
          >
            {rows.map((row, index) => (
              <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/automations/${row.id}`} removeUnderline>
                    <Text as="span" fontWeight="semibold">
                      {row.name}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>{`${TRIGGER_LABELS[row.trigger]} “${row.segmentName}”`}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={AUTOMATION_STATUS[row.status].tone}>{AUTOMATION_STATUS[row.status].label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {n(row.inProgress)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {n(row.enrolled)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{row.updated}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" notFoundTitle="Automations not found" />;
}
