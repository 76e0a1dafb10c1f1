import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { requireAdmin } from "../admin.server";
import { audienceSummary, campaignFormSetup, readCampaignForm, readScheduleTime, toCampaignInput } from "../campaigns/campaign-page.server";
import { createCampaign, scheduleCampaign, sendCampaignNow } from "../campaigns/campaigns.server";
import { CampaignForm, type CampaignFormErrors } from "../components/campaigns/campaign-form";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return json({ ...campaignFormSetup(getDb(), { shopId: shop.id }), timeZone: shop.timeZone });
};

type ActionData = { summary: ReturnType<typeof audienceSummary> } | { errors: CampaignFormErrors };

/** `intent=count` → the live audience; `draft` / `send` / `schedule` → creates the campaign (and sends or schedules it). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const now = Date.now();
  const form = readCampaignForm(await request.formData());
  if (!form.success) return json<ActionData>({ errors: { form: "The form could not be read. Reload the page and try again." } }, { status: 400 });
  const data = form.data;
  if (data.intent === "count") {
    return json<ActionData>({ summary: audienceSummary(db, { shopId: shop.id, channel: data.channel, include: data.include, exclude: data.exclude, now }) });
  }
  const at = data.intent === "schedule" ? readScheduleTime(data.scheduleAt, shop.timeZone) : null;
  if (data.intent === "schedule" && (at === null || at <= now)) return json<ActionData>({ errors: { scheduleAt: "Choose a time in the future" } }, { status: 422 });
  const created = createCampaign(db, { shopId: shop.id, input: toCampaignInput(data), now });
  if (!created.ok) return json<ActionData>({ errors: created.errors }, { status: 422 });
  const campaignId = created.campaign.id;
  if (data.intent === "send") sendCampaignNow(db, { shopId: shop.id, campaignId, now });
  if (data.intent === "schedule") scheduleCampaign(db, { shopId: shop.id, campaignId, at: at!, now });
  return redirect(`/app/campaigns/${campaignId}`);
};

export default function NewCampaignPage() {
  const { segments, coupons, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : {};
  return (
    <Page title="Create campaign" backAction={{ content: "Campaigns", url: "/app/campaigns" }}>
      <CampaignForm segments={segments} coupons={coupons} timeZone={timeZone} errors={errors} submitting={navigation.state === "submitting"} />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/campaigns" notFoundTitle="Campaign not found" />;
}
