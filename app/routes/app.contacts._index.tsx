import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Link, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { RETRY_IMPORT_INTENT, SyncProgress } from "../components/sync-progress";
import { CONSENT_LABELS, contactDisplayName } from "../contacts/labels";
import { getDb } from "../db.server";
import { formatDate } from "../format/dates";
import { countContacts, listContacts } from "../models/contacts.server";
import { formatMoney } from "../money/money";
import { backfillView, requestBackfill } from "../sync/backfill.server";

const QuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  after: z.string().max(40).optional(),
  before: z.string().max(40).optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const { contacts, ...page } = listContacts(db, { shopId: shop.id, query: params.q, after: params.after, before: params.before });
  return json({
    sync: backfillView(db, shop.id),
    query: params.q ?? "",
    total: countContacts(db, { shopId: shop.id, query: params.q }),
    hasAnyContact: params.q ? countContacts(db, { shopId: shop.id }) > 0 : true,
    page,
    rows: contacts.map((c) => ({
      id: c.id,
      name: contactDisplayName(c),
      email: c.email ?? "—",
      location: [c.city, c.countryCode].filter(Boolean).join(", ") || "—",
      orders: c.ordersCount,
      spent: formatMoney(c.totalSpentMinor, shop.currency),
      emailConsent: c.emailConsent,
      smsConsent: c.smsConsent,
      signedUp: formatDate(c.createdAt, shop.timeZone),
    })),
  });
};

/** "Retry the import" on the failed-import banner. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const intent = (await request.formData()).get("intent");
  const db = getDb();
  if (intent !== RETRY_IMPORT_INTENT || backfillView(db, shop.id)?.status !== "failed") return json({ restarted: false }, { status: 400 });
  requestBackfill(db, { shopId: shop.id, now: Date.now() });
  return json({ restarted: true });
};

const SEARCH_DEBOUNCE_MS = 300;

export default function ContactsPage() {
  const { sync, query, total, hasAnyContact, page, rows } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [search, setSearch] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => setSearch(query), [query]);

  const onSearchChange = (value: string) => {
    setSearch(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const next = new URLSearchParams(searchParams);
      next.delete("after");
      next.delete("before");
      if (value.trim()) next.set("q", value.trim());
      else next.delete("q");
      setSearchParams(next, { replace: true });
    }, SEARCH_DEBOUNCE_MS);
  };

  const pageTo = (key: "after" | "before", cursor: string | null) => {
    if (!cursor) return;
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    setSearchParams(next);
  };

  if (!hasAnyContact) {
    return (
      <Page title="Contacts">
        <SyncProgress sync={sync} />
        <Card>
          <EmptyState heading="No contacts yet" image="">
            <p>Contacts appear here as customers sign up, order or subscribe in your store.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Contacts" subtitle={`${total.toLocaleString("en-US")} ${query ? "matching" : "in total"}`}>
      <SyncProgress sync={sync} />
      <Card padding="0">
        <div style={{ padding: "var(--p-space-300)" }}>
          <TextField
            label="Search contacts"
            labelHidden
            placeholder="Search by name, email or phone"
            value={search}
            onChange={onSearchChange}
            clearButton
            onClearButtonClick={() => onSearchChange("")}
            autoComplete="off"
            type="search"
          />
        </div>
        <IndexTable
          resourceName={{ singular: "contact", plural: "contacts" }}
          itemCount={rows.length}
          selectable={false}
          loading={navigation.state === "loading"}
          emptyState={
            <Text as="p" alignment="center" tone="subdued">
              No contacts match “{query}”.
            </Text>
          }
          headings={[
            { title: "Name" },
            { title: "Email" },
            { title: "Location" },
            { title: "Orders", alignment: "end" },
            { title: "Total spent", alignment: "end" },
            { title: "Email marketing" },
            { title: "SMS marketing" },
            { title: "Signed up" },
          ]}
          pagination={{
            hasNext: page.hasNext,
            hasPrevious: page.hasPrevious,
            onNext: () => pageTo("after", page.endCursor),
            onPrevious: () => pageTo("before", page.startCursor),
          }}
        >
          {rows.map((row, index) => (
            <IndexTable.Row id={String(row.id)} key={row.id} position={index} onClick={() => navigate(`/app/contacts/${row.id}`)}>
              <IndexTable.Cell>
                <Link url={`/app/contacts/${row.id}`} removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {row.name}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.email}</IndexTable.Cell>
              <IndexTable.Cell>{row.location}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.orders}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.spent}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={CONSENT_LABELS[row.emailConsent]?.tone}>{CONSENT_LABELS[row.emailConsent]?.label ?? row.emailConsent}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={CONSENT_LABELS[row.smsConsent]?.tone}>{CONSENT_LABELS[row.smsConsent]?.label ?? row.smsConsent}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.signedUp}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
