import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Modal, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { audienceSummary, readScheduleTime } from "../campaigns/campaign-page.server";
import { deleteCampaign, findCampaign, scheduleCampaign, sendCampaignNow, unscheduleCampaign } from "../campaigns/campaigns.server";
import { campaignResults } from "../campaigns/results.server";
import { AudienceCard } from "../components/campaigns/audience-card";
import { CAMPAIGN_STATUS, CHANNEL_NAMES, count } from "../components/campaigns/labels";
import { ResultsCard } from "../components/campaigns/results-card";
import { RouteErrorPage } from "../components/route-error";
import { useRevalidateWhile } from "../components/segments/use-revalidate-while";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";

const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const id = IdSchema.safeParse(params.campaignId);
  const campaign = id.success ? findCampaign(db, { shopId: shop.id, campaignId: id.data }) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  const now = Date.now();
  const editable = ["draft", "scheduled", "cancelled"].includes(campaign.status);
  const results = campaignResults(db, { shopId: shop.id, campaignId: campaign.id })!;
  const coupon = campaign.couponId === null ? null : (db.$client.prepare(`SELECT code FROM coupons WHERE id = ? AND shop_id = ?`).pluck().get(campaign.couponId, shop.id) as string | null);
  return json({
    campaign: {
      id: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      status: campaign.status,
      subject: campaign.subject,
      body: campaign.body,
      coupon,
      include: campaign.include,
      exclude: campaign.exclude,
      scheduled: campaign.scheduledAt ? formatDateTime(campaign.scheduledAt, shop.timeZone) : null,
      started: campaign.startedAt ? formatDateTime(campaign.startedAt, shop.timeZone) : null,
      frozen: campaign.frozenAt ? formatDateTime(campaign.frozenAt, shop.timeZone) : null,
    },
    editable,
    audience: editable
      ? audienceSummary(db, { shopId: shop.id, channel: campaign.channel, include: campaign.include.map((s) => s.id), exclude: campaign.exclude.map((s) => s.id), now })
      : null,
    results: editable ? null : results,
    inFlight: campaign.status === "sending" || results.pending > 0,
    timeZone: shop.timeZone,
  });
};

const ActionSchema = z.object({ intent: z.enum(["send", "schedule", "unschedule", "delete"]), scheduleAt: z.string().max(40).default("") });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const id = IdSchema.safeParse(params.campaignId);
  const form = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return json({ error: "Choose an action" }, { status: 400 });
  if (!id.success) throw new Response("Campaign not found", { status: 404 });
  const target = { shopId: shop.id, campaignId: id.data, now: Date.now() };
  const { intent, scheduleAt } = form.data;
  const result =
    intent === "send"
      ? sendCampaignNow(db, target)
      : intent === "schedule"
        ? scheduleCampaign(db, { ...target, at: readScheduleTime(scheduleAt, shop.timeZone) ?? Number.NaN })
        : intent === "unschedule"
          ? unscheduleCampaign(db, target)
          : deleteCampaign(db, target);
  if (!result) throw new Response("Campaign not found", { status: 404 });
  if (!result.ok) return json({ error: result.error }, { status: 422 });
  return intent === "delete" ? redirect("/app/campaigns") : json({ error: null });
};

function Actions({ status, timeZone, busy }: { status: string; timeZone: string; busy: boolean }) {
  const [scheduleAt, setScheduleAt] = useState("");
  const [confirmSend, setConfirmSend] = useState(false);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Send
        </Text>
        <Form method="post">
          <input type="hidden" name="intent" value="schedule" />
          <InlineStack gap="200" blockAlign="end">
            <TextField label={`Send at (${timeZone})`} type="datetime-local" name="scheduleAt" value={scheduleAt} onChange={setScheduleAt} autoComplete="off" />
            <Button submit loading={busy}>
              {status === "scheduled" ? "Reschedule" : "Schedule"}
            </Button>
          </InlineStack>
        </Form>
        <InlineStack gap="200">
          <Button variant="primary" onClick={() => setConfirmSend(true)}>
            Send now
          </Button>
          {status === "scheduled" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="unschedule" />
              <Button submit>Unschedule</Button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <Button submit tone="critical" variant="plain">
                Delete draft
              </Button>
            </Form>
          )}
        </InlineStack>
      </BlockStack>
      <Modal open={confirmSend} onClose={() => setConfirmSend(false)} title="Send this campaign now?">
        <Modal.Section>
          <Form method="post" onSubmit={() => setConfirmSend(false)}>
            <input type="hidden" name="intent" value="send" />
            <BlockStack gap="300">
              <Text as="p">The audience is frozen when sending starts: contacts who join the segments afterwards do not get it.</Text>
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy}>
                  Send now
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

export default function CampaignPage() {
  const { campaign, editable, audience, results, inFlight, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useRevalidateWhile(inFlight, 1_500);
  const status = CAMPAIGN_STATUS[campaign.status];
  const segmentsLine = (list: { id: number; name: string }[]) => (list.length === 0 ? "none" : list.map((s) => s.name).join(", "));
  return (
    <Page
      title={campaign.name}
      titleMetadata={<Badge tone={status.tone}>{status.label}</Badge>}
      subtitle={`${CHANNEL_NAMES[campaign.channel]} campaign`}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
            {campaign.scheduled && campaign.status === "scheduled" ? <Banner tone="info">Scheduled for {campaign.scheduled}.</Banner> : null}
            {results ? <ResultsCard results={results} channel={campaign.channel} /> : null}
            {audience !== undefined && editable ? <AudienceCard summary={audience} title="Audience if sent now" /> : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Message
                </Text>
                {campaign.subject ? <Text as="p" fontWeight="semibold">{campaign.subject}</Text> : null}
                <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                  <pre style={{ whiteSpace: "pre-wrap", margin: 0, fontFamily: "inherit" }}>{campaign.body}</pre>
                </Box>
                {campaign.coupon ? <Text as="p">Coupon: {campaign.coupon}</Text> : null}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Audience
                </Text>
                <Text as="p">Send to: {segmentsLine(campaign.include)}</Text>
                <Text as="p">Leave out: {segmentsLine(campaign.exclude)}</Text>
                {campaign.frozen ? (
                  <Text as="p" tone="subdued">
                    Frozen at {campaign.frozen}: {count(results?.audience ?? 0)} contacts.
                  </Text>
                ) : null}
                {campaign.started ? (
                  <Text as="p" tone="subdued">
                    Sending started {campaign.started}.
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
            {editable ? <Actions status={campaign.status} timeZone={timeZone} busy={navigation.state === "submitting"} /> : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/campaigns" notFoundTitle="Campaign not found" />;
}
