import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Page } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { CONSENT_HEADINGS, ConsentCells } from "../components/contact/consent-badge";
import { ListTable, NameLinkCell, NumericCell, SearchField } from "../components/searchable-table";
import { RETRY_IMPORT_INTENT, SyncProgress } from "../components/sync-progress";
import { CURSOR_KEYS, cursorPager, useSearchField, useSearchParamsUpdate } from "../components/use-search-param";
import { contactDisplayName } from "../contacts/labels";
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

const IMPORT_ACTION = { content: "Import contacts", url: "/app/contacts/imports" };

export default function ContactsPage() {
  const { sync, query, total, hasAnyContact, page, rows } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const update = useSearchParamsUpdate();
  const { search, onSearchChange } = useSearchField(query, update, CURSOR_KEYS);
  const pageTo = cursorPager(update);

  if (!hasAnyContact) {
    return (
      <Page title="Contacts" secondaryActions={[IMPORT_ACTION]}>
        <SyncProgress sync={sync} />
        <Card>
          <EmptyState heading="No contacts yet" image="">
            <p>Contacts appear here as customers sign up, order or subscribe in your store, or when you import a CSV file of them.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Contacts" subtitle={`${total.toLocaleString("en-US")} ${query ? "matching" : "in total"}`} secondaryActions={[IMPORT_ACTION]}>
      <SyncProgress sync={sync} />
      <Card padding="0">
        <div style={{ padding: "var(--p-space-300)" }}>
          <SearchField label="Search contacts" placeholder="Search by name, email or phone" value={search} onChange={onSearchChange} />
        </div>
        <ListTable
          resourceName={{ singular: "contact", plural: "contacts" }}
          itemCount={rows.length}
          loading={navigation.state === "loading"}
          emptyText={`No contacts match “${query}”.`}
          headings={[
            { title: "Name" },
            { title: "Email" },
            { title: "Location" },
            { title: "Orders", alignment: "end" },
            { title: "Total spent", alignment: "end" },
            ...CONSENT_HEADINGS,
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
              <NameLinkCell url={`/app/contacts/${row.id}`} name={row.name} dataPrimaryLink />
              <IndexTable.Cell>{row.email}</IndexTable.Cell>
              <IndexTable.Cell>{row.location}</IndexTable.Cell>
              <NumericCell>{row.orders}</NumericCell>
              <NumericCell>{row.spent}</NumericCell>
              <ConsentCells email={row.emailConsent} sms={row.smsConsent} />
              <IndexTable.Cell>{row.signedUp}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </ListTable>
      </Card>
    </Page>
  );
}
