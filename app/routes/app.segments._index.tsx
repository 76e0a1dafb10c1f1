import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Card, Page, Tabs, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { RouteErrorPage } from "../components/route-error";
import { DeleteSegmentModal, type DeleteTarget } from "../components/segments/delete-segment-modal";
import { SegmentsEmptyState } from "../components/segments/segments-empty-state";
import { SegmentsTable } from "../components/segments/segments-table";
import { SuggestionsList } from "../components/segments/suggestions-list";
import { useRevalidateWhile } from "../components/segments/use-revalidate-while";
import { useSearchField, useSearchParamsUpdate } from "../components/use-search-param";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";
import { countContacts } from "../models/contacts.server";
import { copySegment, countShopSegments, listSegmentPage, suggestionCounts } from "../models/segment-list.server";
import { SEGMENT_SORT_KEYS } from "../models/segment-sorts";
import { deleteSegment, findSegment } from "../models/segments.server";
import { suggestedSegments } from "../segments/suggested";

const TABS = [
  { id: "segments", content: "Segments" },
  { id: "suggestions", content: "Suggestions" },
] as const;

const QuerySchema = z.object({
  tab: z.enum(["segments", "suggestions"]).catch("segments"),
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(SEGMENT_SORT_KEYS).catch("updated_desc"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

const ActionSchema = z.object({
  intent: z.enum(["copy", "delete"]),
  segmentId: z.coerce.number().int().positive(),
});

const number = (n: number) => n.toLocaleString("en-US");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const base = { tab: params.tab, query: params.q, sort: params.sort, totalSegments: countShopSegments(db, { shopId: shop.id }) };
  if (params.tab === "suggestions") {
    const contacts = countContacts(db, { shopId: shop.id });
    const counted = suggestionCounts(db, {
      shopId: shop.id,
      now: Date.now(),
      timeZone: shop.timeZone,
      suggestions: suggestedSegments({ currency: shop.currency }),
    });
    const share = (count: number) => `${contacts ? Math.round((count / contacts) * 100) : 0}% of all`;
    return json({ ...base, list: null, suggestions: counted.map((s) => ({ ...s, count: number(s.count), share: share(s.count) })) });
  }
  const page = listSegmentPage(db, { shopId: shop.id, query: params.q, sort: params.sort, page: params.page });
  return json({
    ...base,
    suggestions: null,
    list: {
      total: page.total,
      page: page.page,
      pageCount: page.pageCount,
      rows: page.segments.map((s) => ({
        id: s.id,
        name: s.name,
        usedBy: s.usedBy,
        members: number(s.memberCount),
        email: number(s.emailReachableCount),
        sms: number(s.smsReachableCount),
        updated: formatDateTime(s.updatedAt, shop.timeZone),
        freshness: { status: s.status, computeDone: s.computeDone, computeTotal: s.computeTotal, asOf: s.computedAt ? formatDateTime(s.computedAt, shop.timeZone) : null },
      })),
    },
  });
};

/** Row actions: Copy opens the new copy (computing); Delete answers with the deleted name. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Unknown action" }, { status: 400 });
  const db = getDb();
  const scope = { shopId: shop.id, segmentId: parsed.data.segmentId };
  if (parsed.data.intent === "copy") {
    const copied = copySegment(db, { ...scope, now: Date.now() });
    if (!copied) return json({ error: "That segment no longer exists" }, { status: 404 });
    if (!copied.ok) return json({ error: `The segment cannot be copied: ${copied.issues.map((i) => i.message).join("; ")}` }, { status: 422 });
    return redirect(`/app/segments/${copied.segment.id}`);
  }
  const segment = findSegment(db, scope);
  if (!segment || !deleteSegment(db, scope)) return json({ error: "That segment no longer exists" }, { status: 404 });
  return json({ deleted: segment.name });
};

export default function SegmentsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const deleter = useFetcher<typeof action>();
  const update = useSearchParamsUpdate();
  const { search, onSearchChange } = useSearchField(data.query, update, ["page"]);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (deleter.state !== "idle" || !deleter.data) return;
    setDeleting(null);
    setNotice("deleted" in deleter.data ? `“${deleter.data.deleted}” was deleted` : null);
  }, [deleter.state, deleter.data]);
  useRevalidateWhile(Boolean(data.list?.rows.some((row) => row.freshness.status === "computing")));

  const selectedTab = data.tab === "suggestions" ? 1 : 0;
  const error = [actionData, deleter.data].map((d) => (d && "error" in d ? d.error : null)).find(Boolean);

  return (
    <Page
      title="Segments"
      subtitle={data.list ? `${number(data.list.total)} ${data.query ? "matching" : "in total"}` : undefined}
      primaryAction={{ content: "Create segment", url: "/app/segments/new" }}
    >
      <BlockStack gap="400">
        {notice && <Banner tone="success" title={notice} onDismiss={() => setNotice(null)} />}
        {error && <Banner tone="critical" title={error} />}
        <Tabs
          tabs={TABS.map((t) => ({ ...t }))}
          selected={selectedTab}
          onSelect={(index) =>
            update((next) => {
              ["q", "page", "sort"].forEach((key) => next.delete(key));
              if (index === 1) next.set("tab", "suggestions");
              else next.delete("tab");
            })
          }
        />
        {data.suggestions ? (
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              Ready-made segments for common goals. Counts are how many of your contacts each would hold right now.
            </Text>
            <SuggestionsList suggestions={data.suggestions} />
          </BlockStack>
        ) : data.totalSegments === 0 ? (
          <SegmentsEmptyState />
        ) : (
          data.list && (
            <Card padding="0">
              <SegmentsTable
                rows={data.list.rows}
                search={search}
                query={data.query}
                sort={data.sort}
                page={data.list.page}
                pageCount={data.list.pageCount}
                loading={navigation.state === "loading"}
                onSearchChange={onSearchChange}
                onSortChange={(value) => update((next) => (next.delete("page"), next.set("sort", value)))}
                onPageChange={(page) => update((next) => next.set("page", String(page)))}
                onDelete={setDeleting}
              />
            </Card>
          )
        )}
      </BlockStack>
      <DeleteSegmentModal
        target={deleting}
        deleting={deleter.state !== "idle"}
        onClose={() => setDeleting(null)}
        onConfirm={(target) => deleter.submit({ intent: "delete", segmentId: String(target.id) }, { method: "post" })}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/segments" notFoundTitle="Segment not found" />;
}
