import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, Page, ProgressBar, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { RouteErrorPage } from "../components/route-error";
import { DefinitionSummary } from "../components/segments/definition-summary";
import { HistoryCard } from "../components/segments/history-card";
import { CAUSE_LABELS } from "../components/segments/labels";
import { MemberOrdersCard } from "../components/segments/member-orders-card";
import { MembersCard } from "../components/segments/members-card";
import { PERFORMANCE_RANGES, PerformanceCard } from "../components/segments/performance-card";
import { ReachCard } from "../components/segments/reach-card";
import { computePercent, SegmentFreshness } from "../components/segments/segment-freshness";
import { Section } from "../components/segments/section";
import { useRevalidateWhile } from "../components/segments/use-revalidate-while";
import { ExportShopifyQuery } from "../components/shopify-query/export-query";
import { CURSOR_KEYS, cursorPager, useSearchField, useSearchParamsUpdate } from "../components/use-search-param";
import { contactDisplayName } from "../contacts/labels";
import { getDb } from "../db.server";
import { formatDate, formatDateTime } from "../format/dates";
import { copySegment } from "../models/segment-list.server";
import { csvFileName, listSegmentMembers, segmentHistory, segmentMemberOrders, segmentSizeOverTime } from "../models/segment-page.server";
import { findSegment } from "../models/segments.server";
import { formatMoney } from "../money/money";
import { describeDefinition } from "../segments/describe-tree";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const ParamsSchema = z.object({ segmentId: z.coerce.number().int().positive() });
const QuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  after: z.string().max(20).optional().catch(undefined),
  before: z.string().max(20).optional().catch(undefined),
  range: z.coerce
    .number()
    .refine((days) => (PERFORMANCE_RANGES as readonly number[]).includes(days))
    .catch(PERFORMANCE_RANGES[0]),
});

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Segment not found", { status: 404 });
  const db = getDb();
  const scope = { shopId: shop.id, segmentId: parsed.data.segmentId };
  const segment = findSegment(db, scope);
  if (!segment) throw new Response("Segment not found", { status: 404 });
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const tz = shop.timeZone;
  const now = Date.now();
  const { members, ...page } = listSegmentMembers(db, { ...scope, query: query.q, after: query.after, before: query.before });
  const orders = segmentMemberOrders(db, { ...scope, now, timeZone: tz });
  return json({
    id: segment.id,
    name: segment.name,
    description: segment.description,
    summary: segment.definition ? describeDefinition(segment.definition) : null,
    definitionIssues: segment.definitionIssues.map((i) => i.message),
    computeError: segment.computeError,
    freshness: {
      status: segment.status,
      computeDone: segment.computeDone,
      computeTotal: segment.computeTotal,
      asOf: segment.computedAt ? formatDateTime(segment.computedAt, tz) : null,
    },
    timeZone: tz,
    reach: { members: segment.memberCount, email: segment.emailReachableCount, sms: segment.smsReachableCount },
    query: query.q,
    range: query.range,
    members: {
      total: page.total.toLocaleString("en-US"),
      page: { hasNext: page.hasNext, hasPrevious: page.hasPrevious },
      startCursor: page.startCursor,
      endCursor: page.endCursor,
      rows: members.map((m) => ({
        id: m.id,
        name: contactDisplayName(m),
        email: m.email ?? "—",
        emailConsent: m.emailConsent,
        smsConsent: m.smsConsent,
        orders: m.ordersCount,
        spent: formatMoney(m.totalSpentMinor, shop.currency),
        entered: formatDate(m.enteredAt, tz),
      })),
    },
    csv: { url: `/app/segments/${segment.id}/members.csv`, fileName: csvFileName(segment.name) },
    performance: segmentSizeOverTime(db, { ...scope, memberCount: segment.memberCount, days: query.range, now, timeZone: tz }),
    orders: {
      orders: orders.orders.toLocaleString("en-US"),
      buyers: orders.buyers.toLocaleString("en-US"),
      revenue: formatMoney(orders.revenueMinor, shop.currency),
    },
    history: segmentHistory(db, { ...scope, limit: 25 }).map((h) => ({
      id: h.id,
      contactId: h.contactId,
      contact: contactDisplayName(h),
      kind: h.kind,
      cause: CAUSE_LABELS[h.cause],
      detail: h.causeDetail ?? "—",
      at: formatDateTime(h.at, tz),
    })),
  });
};

/** "Copy": a new segment with the same conditions, opened while it computes. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Segment not found", { status: 404 });
  if ((await request.formData()).get("intent") !== "copy") return json({ error: "Unknown action" }, { status: 400 });
  const copied = copySegment(getDb(), { shopId: shop.id, segmentId: parsed.data.segmentId, now: Date.now() });
  if (!copied) throw new Response("Segment not found", { status: 404 });
  if (!copied.ok) return json({ error: `The segment cannot be copied: ${copied.issues.map((i) => i.message).join("; ")}` }, { status: 422 });
  return redirect(`/app/segments/${copied.segment.id}`);
};

export default function SegmentPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const update = useSearchParamsUpdate({ preventScrollReset: true });
  const { search, onSearchChange } = useSearchField(data.query, update, CURSOR_KEYS);
  const pageTo = cursorPager(update);
  const computing = data.freshness.status === "computing";

  useRevalidateWhile(computing);

  return (
    <Page
      title={data.name}
      titleMetadata={<SegmentFreshness freshness={data.freshness} />}
      subtitle={data.description ?? undefined}
      backAction={{ content: "Segments", url: "/app/segments" }}
      primaryAction={{ content: "Edit", url: `/app/segments/${data.id}/edit` }}
      secondaryActions={[{ content: "Copy", onAction: () => submit({ intent: "copy" }, { method: "post" }) }]}
    >
      <BlockStack gap="400">
        {actionData && "error" in actionData && <Banner tone="critical" title={actionData.error} />}
        {computing && (
          <Banner tone="info" title="Computing members…">
            <BlockStack gap="200">
              <p>The counts and members below fill in as the computation progresses.</p>
              <ProgressBar progress={computePercent(data.freshness)} size="small" tone="highlight" />
            </BlockStack>
          </Banner>
        )}
        {data.freshness.status === "failed" && (
          <Banner tone="critical" title="The members could not be computed">
            <p>{data.computeError ?? "Edit the segment and save it again to retry."}</p>
          </Banner>
        )}
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <Section title="Contacts">
            <Text as="p" variant="heading2xl" numeric>
              {data.reach.members.toLocaleString("en-US")}
            </Text>
          </Section>
          <ReachCard reach={data.reach} />
          <MemberOrdersCard orders={data.orders} />
        </InlineGrid>
        <Section title="Conditions">
          {data.summary ? (
            <DefinitionSummary summary={data.summary} />
          ) : (
            <Banner tone="warning" title="These conditions are no longer valid">
              <p>{data.definitionIssues.join(" ")}</p>
            </Banner>
          )}
        </Section>
        {data.summary && <ExportShopifyQuery segmentId={data.id} />}
        <PerformanceCard points={data.performance} range={data.range} onRangeChange={(days) => update((next) => next.set("range", String(days)))} />
        <MembersCard
          rows={data.members.rows}
          total={data.members.total}
          search={search}
          query={data.query}
          loading={navigation.state === "loading" && navigation.location.pathname === `/app/segments/${data.id}`}
          csvUrl={data.csv.url}
          csvFileName={data.csv.fileName}
          page={data.members.page}
          onSearchChange={onSearchChange}
          onNext={() => pageTo("after", data.members.endCursor)}
          onPrevious={() => pageTo("before", data.members.startCursor)}
        />
        <HistoryCard rows={data.history} timeZone={data.timeZone} />
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/segments" notFoundTitle="Segment not found" />;
}
