import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { RouteErrorPage } from "../components/route-error";
import { LifecycleCard } from "../components/settings/lifecycle-card";
import { LimitsCard } from "../components/settings/limits-card";
import { PopupCard } from "../components/settings/popup-card";
import { QuietHoursCard } from "../components/settings/quiet-hours-card";
import { SendHookCard } from "../components/settings/send-hook-card";
import { TimeZoneCard } from "../components/settings/time-zone-card";
import { getDb } from "../db.server";
import { formatDate } from "../format/dates";
import { messagingConfig } from "../messaging/config.server";
import { sendTestMessage } from "../messaging/test-message.server";
import { loadSettingsView, saveSettingsSection } from "../settings/settings-page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const view = loadSettingsView(getDb(), { shopId: shop.id, now: Date.now() });
  return json({
    demo: mode === "demo",
    hooks: view.hooks,
    limits: { ...view.quota, periodLabel: formatDate(view.quota.periodStart, view.timeZone) },
    quietHours: view.settings.quietHours,
    lifecycle: view.settings.lifecycle,
    popup: view.settings.popup,
    timeZone: view.timeZone,
    zones: Intl.supportedValuesOf("timeZone"),
  });
};

const TestForm = z.object({ channel: z.enum(["email", "sms"]), to: z.string().trim().min(3, "Enter where to send the test").max(320) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, mode } = await requireAdmin(request);
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const db = getDb();
  if (form.intent === "test") {
    const parsed = TestForm.safeParse(form);
    if (!parsed.success) return json({ errors: { to: parsed.error.issues[0]!.message } }, { status: 400 });
    const test = await sendTestMessage(db, { shopId: shop.id, channel: parsed.data.channel, to: parsed.data.to, config: messagingConfig(), now: Date.now() });
    return json({ test });
  }
  const result = saveSettingsSection(db, { shopId: shop.id, intent: form.intent ?? "", form, demo: mode === "demo", now: Date.now() });
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function SettingsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection
          id="send-hooks"
          title="Send hooks"
          description={
            data.demo
              ? "Where email and SMS messages are delivered. In the demo, messages go to the built-in outbox unless you enter your own endpoint."
              : "Where email and SMS messages are delivered: your provider's endpoint and the secret that signs each request."
          }
        >
          <BlockStack gap="400">
            {data.hooks.map((hook) => (
              <SendHookCard key={hook.channel} hook={hook} demo={data.demo} />
            ))}
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="limits" title="Sending limits" description="Messages over the limits are skipped and reported, never sent.">
          <LimitsCard limits={data.limits} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="quiet-hours" title="Quiet hours" description="Hold messages at night, in each contact's own time zone.">
          <QuietHoursCard quiet={data.quietHours} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="time-zone" title="Time zone" description="Whole-day windows such as “in the last 30 days” start at midnight here.">
          <TimeZoneCard timeZone={data.timeZone} zones={data.zones} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="lifecycle" title="Lifecycle stages" description="How buyers are sorted into loyal, high potential, nurture needed, dormant and churned.">
          <LifecycleCard thresholds={data.lifecycle} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="signup-popup"
          title="Signup popup"
          description="Turn the popup on in your theme editor (App embeds → Segmentflow signup popup), where its text, fields and timing are set."
        >
          <PopupCard popup={data.popup} />
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Text as="p" tone="subdued">
            Providers: see “Messages and send hooks” in the README for the request format and how to verify signatures.
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app" notFoundTitle="Settings not found" />;
}
