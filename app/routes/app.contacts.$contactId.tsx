import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { z } from "zod";
import type { EventTypeName } from "../../db/enums";
import { requireAdmin } from "../admin.server";
import { RouteErrorPage } from "../components/route-error";
import { CONSENT_LABELS, EVENT_LABELS, TAG_SOURCE_LABELS, VALIDITY_LABELS, contactDisplayName } from "../contacts/labels";
import { getDb } from "../db.server";
import { formatDate, formatDateTime } from "../format/dates";
import { findContactAttributes, findContactEvents, findContactOrders, findContactTags } from "../models/contact-detail.server";
import { findContact } from "../models/contacts.server";
import { explainContactSegment, listContactSegments, type ContactSegmentRow } from "../models/contact-segments.server";
import type { NodeExplanation } from "../membership/explain.server";
import { SegmentWhy, type WhyNode, type WhyView } from "../components/contact/segment-why";
import type { Db } from "../../db/client.server";
import { formatMoney } from "../money/money";

const ParamsSchema = z.object({ contactId: z.coerce.number().int().positive() });

const WhySchema = z.coerce.number().int().positive();

function whyNode(node: NodeExplanation, timeZone: string): WhyNode {
  return {
    id: node.id,
    kind: node.kind,
    label: node.label,
    result: node.result,
    actual: node.actual ?? null,
    changes: node.changesAt ? `Changes ${formatDateTime(node.changesAt.at, timeZone)}: ${node.changesAt.reason}` : null,
    children: (node.children ?? []).map((child) => whyNode(child, timeZone)),
  };
}

/** The explanation of one segment for the page: the chosen one (`?why=`), else the first listed. */
function segmentWhy(db: Db, scope: { shopId: number; contactId: number }, segments: ContactSegmentRow[], requested: string | null, timeZone: string): WhyView | null {
  const parsed = WhySchema.safeParse(requested);
  const segmentId = parsed.success ? parsed.data : segments[0]?.id;
  if (segmentId === undefined) return null;
  const why = explainContactSegment(db, { ...scope, segmentId, timeZone, now: Date.now() });
  if (!why) return null;
  if ("error" in why) return why;
  const { member, changesAt, root } = why.explanation;
  const changes = changesAt ? `${member ? "Leaves" : "Enters"} ${formatDateTime(changesAt.at, timeZone)}: ${changesAt.reason}` : null;
  // the overall change is said once, above the tree, not again on its top group
  return { segmentId, segmentName: why.segmentName, member, changes, root: { ...whyNode(root, timeZone), changes: null } };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Contact not found", { status: 404 });
  const db = getDb();
  const scope = { shopId: shop.id, contactId: parsed.data.contactId };
  const contact = findContact(db, scope);
  if (!contact) throw new Response("Contact not found", { status: 404 });
  const tz = shop.timeZone;
  const segments = listContactSegments(db, scope);
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, shop.currency));
  return json({
    name: contactDisplayName(contact),
    profile: [
      ["Email", contact.email ?? "—"],
      ["Phone", contact.phone ?? "—"],
      ["Location", [contact.city, contact.regionCode, contact.countryCode].filter(Boolean).join(", ") || "—"],
      ["Language", languageName(contact.language)],
      ["Time zone", contact.timeZone ?? "—"],
      ["Birthday", contact.birthday ?? "—"],
      ["Gender", contact.gender ?? "—"],
      ["Signed up", formatDate(contact.createdAt, tz)],
      ["Registration source", contact.registrationSource?.replace("_", " ") ?? "—"],
      ["Membership", contact.isMember ? `Member${contact.memberTier ? ` (${contact.memberTier})` : ""}` : "Not a member"],
    ],
    marketing: {
      email: contact.emailConsent,
      emailValidity: contact.email ? contact.emailValidity : null,
      sms: contact.smsConsent,
      phoneValidity: contact.phone ? contact.phoneValidity : null,
    },
    stats: [
      ["Orders", String(contact.ordersCount)],
      ["Total spent", money(contact.totalSpentMinor)],
      ["Average order", money(contact.avgOrderMinor)],
      ["First order", formatDate(contact.firstOrderAt, tz)],
      ["Last order", formatDate(contact.lastOrderAt, tz)],
      ["Last visit", formatDate(contact.lastVisitAt, tz)],
      ["Lifecycle stage", contact.lifecycleStage?.replace("_", " ") ?? "Not computed yet"],
    ],
    tags: findContactTags(db, scope).map((t) => ({ name: t.name, sources: t.sources.map((s) => TAG_SOURCE_LABELS[s] ?? s) })),
    attributes: findContactAttributes(db, scope).map((a) => ({
      label: a.label,
      value:
        a.type === "date" ? formatDate(Number(a.value), tz) : a.type === "boolean" ? (a.value ? "Yes" : "No") : String(a.value),
    })),
    orders: findContactOrders(db, scope).map((o) => [
      o.name ?? `#${o.id}`,
      formatDate(o.placedAt, tz),
      `${o.items} item${o.items === 1 ? "" : "s"}`,
      formatMoney(o.totalMinor - o.refundedMinor, o.currency),
      o.cancelledAt ? "Cancelled" : (o.financialStatus ?? "—").replace("_", " "),
    ]),
    segments: segments.map(({ id, name, member }) => ({ id, name, member })),
    why: segmentWhy(db, scope, segments, new URL(request.url).searchParams.get("why"), tz),
    events: findContactEvents(db, scope).map((e) => ({
      id: e.id,
      text: [EVENT_LABELS[e.type as EventTypeName] ?? e.type, e.subject].filter(Boolean).join(" · "),
      at: formatDateTime(e.occurredAt, tz),
    })),
  });
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

function Facts({ rows }: { rows: string[][] }) {
  return (
    <BlockStack gap="200">
      {rows.map(([label, value]) => (
        <InlineStack key={label} align="space-between" gap="200" wrap={false}>
          <Text as="span" tone="subdued">
            {label}
          </Text>
          <Text as="span" alignment="end">
            {value}
          </Text>
        </InlineStack>
      ))}
    </BlockStack>
  );
}

/** "en" → "English", "pt-BR" → "Brazilian Portuguese". */
function languageName(code: string | null): string {
  if (!code) return "—";
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Consent and address validity of one channel; `validity` is null when there is no address. */
function ConsentLine({ label, state, validity, missing }: { label: string; state: string; validity: string | null; missing: string }) {
  const consent = CONSENT_LABELS[state] ?? { label: state, tone: undefined };
  const valid = validity === null ? { label: missing, tone: undefined } : (VALIDITY_LABELS[validity] ?? { label: validity, tone: undefined });
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <InlineStack gap="100">
        <Badge tone={consent.tone}>{consent.label}</Badge>
        <Badge tone={valid.tone}>{valid.label}</Badge>
      </InlineStack>
    </InlineStack>
  );
}

export default function ContactPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title={data.name} backAction={{ content: "Contacts", url: "/app/contacts" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Section title="Orders">
              {data.orders.length === 0 ? (
                <Text as="p" tone="subdued">
                  No orders yet.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "text"]}
                  headings={["Order", "Date", "Items", "Total (net)", "Status"]}
                  rows={data.orders}
                />
              )}
            </Section>
            <Section title="Segments">
              <SegmentWhy segments={data.segments} why={data.why} />
            </Section>
            <Section title="Recent activity">
              {data.events.length === 0 ? (
                <Text as="p" tone="subdued">
                  No activity recorded yet.
                </Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: "1.2em" }}>
                  {data.events.map((event) => (
                    <li key={event.id}>
                      <InlineStack align="space-between" gap="200">
                        <Text as="span">{event.text}</Text>
                        <Text as="span" tone="subdued">
                          {event.at}
                        </Text>
                      </InlineStack>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Section title="Profile">
              <Facts rows={data.profile} />
            </Section>
            <Section title="Marketing">
              <ConsentLine label="Email" state={data.marketing.email} validity={data.marketing.emailValidity} missing="No email address" />
              <ConsentLine label="SMS" state={data.marketing.sms} validity={data.marketing.phoneValidity} missing="No phone number" />
            </Section>
            <Section title="Purchases">
              <Facts rows={data.stats} />
            </Section>
            <Section title="Tags">
              {data.tags.length === 0 ? (
                <Text as="p" tone="subdued">
                  No tags.
                </Text>
              ) : (
                <InlineStack gap="200">
                  {data.tags.map((tag) => (
                    <Badge key={tag.name}>{`${tag.name} (${tag.sources.join(", ")})`}</Badge>
                  ))}
                </InlineStack>
              )}
            </Section>
            <Section title="Custom attributes">
              {data.attributes.length === 0 ? (
                <Text as="p" tone="subdued">
                  None recorded.
                </Text>
              ) : (
                <Facts rows={data.attributes.map((a) => [a.label, a.value])} />
              )}
            </Section>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/contacts" notFoundTitle="Contact not found" />;
}
