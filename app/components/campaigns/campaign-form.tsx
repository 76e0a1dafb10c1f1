import { Form, useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, ChoiceList, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AudienceCard, type AudienceSummary } from "./audience-card";
import { SegmentPicker, type SegmentOption } from "./segment-picker";

export type CampaignFormErrors = Record<string, string>;

type When = "send" | "schedule" | "draft";

const WHEN_CHOICES = [
  { label: "Send now", value: "send" },
  { label: "Schedule for later", value: "schedule" },
  { label: "Save as a draft", value: "draft" },
];
const SUBMIT_LABEL: Record<When, string> = { send: "Send campaign", schedule: "Schedule campaign", draft: "Save draft" };

/**
 * The new-campaign form: channel and content, include and exclude segments, when to send. The
 * audience is counted live on the server (`intent=count`) as segments change.
 */
export function CampaignForm({ segments, coupons, timeZone, errors, submitting }: {
  segments: SegmentOption[];
  coupons: { id: number; code: string }[];
  timeZone: string;
  errors: CampaignFormErrors;
  submitting: boolean;
}) {
  const [name, setName] = useState("");
  const [channel, setChannel] = useState<"email" | "sms">("email");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [couponId, setCouponId] = useState("");
  const [include, setInclude] = useState<number[]>([]);
  const [exclude, setExclude] = useState<number[]>([]);
  const [when, setWhen] = useState<When>("send");
  const [scheduleAt, setScheduleAt] = useState("");
  const counter = useFetcher<{ summary: AudienceSummary | null }>();
  const { submit } = counter;

  useEffect(() => {
    const form = new FormData();
    form.set("intent", "count");
    form.set("channel", channel);
    include.forEach((id) => form.append("include", String(id)));
    exclude.forEach((id) => form.append("exclude", String(id)));
    const timer = setTimeout(() => submit(form, { method: "post" }), 250);
    return () => clearTimeout(timer);
  }, [channel, include, exclude, submit]);

  return (
    <Form method="post">
      <input type="hidden" name="intent" value={when} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <FormLayout>
                <TextField label="Campaign name" name="name" value={name} onChange={setName} autoComplete="off" error={errors.name} />
                <ChoiceList
                  title="Channel"
                  choices={[
                    { label: "Email", value: "email" },
                    { label: "SMS", value: "sms" },
                  ]}
                  selected={[channel]}
                  onChange={(value) => setChannel(value[0] as "email" | "sms")}
                />
                <input type="hidden" name="channel" value={channel} />
                {channel === "email" ? <TextField label="Subject" name="subject" value={subject} onChange={setSubject} autoComplete="off" error={errors.subject} /> : null}
                <TextField
                  label={channel === "email" ? "Email body (HTML)" : "Text message"}
                  name="body"
                  value={body}
                  onChange={setBody}
                  multiline={channel === "email" ? 8 : 3}
                  autoComplete="off"
                  error={errors.body}
                  helpText="Merge fields: {{ first_name }}, {{ last_name }}, {{ shop_name }}, {{ coupon_code }}, {{ coupon_url }}. Links are tracked; every email carries an unsubscribe link and every SMS the STOP notice."
                />
                <Select
                  label="Coupon (optional)"
                  name="couponId"
                  options={[{ label: "No coupon", value: "" }, ...coupons.map((c) => ({ label: c.code, value: String(c.id) }))]}
                  value={couponId}
                  onChange={setCouponId}
                  error={errors.couponId}
                />
              </FormLayout>
            </Card>
            <Card>
              <BlockStack gap="400">
                <SegmentPicker
                  title="Send to"
                  help="Contacts in any of these segments."
                  name="include"
                  segments={segments}
                  selected={include}
                  disabledIds={exclude}
                  error={errors.include}
                  onChange={setInclude}
                />
                <SegmentPicker
                  title="Don't send to"
                  help="Contacts in any of these segments are left out."
                  name="exclude"
                  segments={segments}
                  selected={exclude}
                  disabledIds={include}
                  error={errors.exclude}
                  onChange={setExclude}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <AudienceCard summary={counter.data?.summary ?? null} loading={counter.state !== "idle"} />
            <Card>
              <BlockStack gap="300">
                <ChoiceList title="When" choices={WHEN_CHOICES} selected={[when]} onChange={(value) => setWhen(value[0] as When)} />
                {when === "schedule" ? (
                  <TextField
                    label={`Send at (${timeZone})`}
                    type="datetime-local"
                    name="scheduleAt"
                    value={scheduleAt}
                    onChange={setScheduleAt}
                    autoComplete="off"
                    error={errors.scheduleAt}
                  />
                ) : null}
                {errors.form ? (
                  <Text as="p" tone="critical">
                    {errors.form}
                  </Text>
                ) : null}
                <InlineStack align="end">
                  <Button submit variant="primary" loading={submitting}>
                    {SUBMIT_LABEL[when]}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Form>
  );
}
