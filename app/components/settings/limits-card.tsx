import { BlockStack, Card, InlineGrid, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm, useSection } from "./section-form";

export type LimitsView = { emailLimit: number; emailUsed: number; emailRemaining: number; periodLabel: string; smsBalance: number };

const number = (n: number) => n.toLocaleString("en-US");

/** The email quota (per calendar month) and the prepaid SMS balance; sends stop when either runs out. */
export function LimitsCard({ limits }: { limits: LimitsView }) {
  const section = useSection();
  const [emailLimit, setEmailLimit] = useState(String(limits.emailLimit));
  const [smsBalance, setSmsBalance] = useState(String(limits.smsBalance));
  const share = limits.emailLimit > 0 ? Math.min(100, Math.round((limits.emailUsed / limits.emailLimit) * 100)) : 100;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="p">
            {number(limits.emailUsed)} of {number(limits.emailLimit)} emails used since {limits.periodLabel} · {number(limits.emailRemaining)} left
          </Text>
          <ProgressBar progress={share} size="small" tone={share >= 90 ? "critical" : "primary"} />
        </BlockStack>
        <SectionForm section={section} intent="quota">
          <InlineGrid columns={2} gap="300">
            <TextField label="Emails per month" name="emailQuotaLimit" type="number" min={0} value={emailLimit} onChange={setEmailLimit} autoComplete="off" error={section.errors.emailQuotaLimit} />
            <TextField
              label="SMS balance (credits)"
              name="smsBalance"
              type="number"
              min={0}
              value={smsBalance}
              onChange={setSmsBalance}
              autoComplete="off"
              helpText="One credit per SMS. Messages beyond the limits are skipped, never sent."
              error={section.errors.smsBalance}
            />
          </InlineGrid>
        </SectionForm>
      </BlockStack>
    </Card>
  );
}
