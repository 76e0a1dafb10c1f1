import { Badge, Banner, BlockStack, Checkbox, InlineStack, Link, List, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";

type Estimate = {
  automations: { id: number; name: string; status: "active" | "paused"; trigger: "entered" | "left"; updated: string; wouldEnrol: number | null; emails: number; sms: number }[];
  messages: { email: number; sms: number };
  quota: { emailRemaining: number; smsBalance: number };
  short: ("email" | "sms")[];
};

const n = (value: number) => value.toLocaleString("en-US");
const plural = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/**
 * The automations part of the segment update modal (SPEC §6): the automations that use the
 * segment (last updated first), the choice to trigger all current members into the active ones
 * now, and a warning when the email quota or SMS balance left is lower than what would go out.
 */
export function UpdateAutomations({ segmentId, open, triggerAll, onTriggerAllChange }: { segmentId: number; open: boolean; triggerAll: boolean; onTriggerAllChange: (value: boolean) => void }) {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setFailed(false);
    fetch(`/app/segments/${segmentId}/automations`, { headers: { Accept: "application/json" }, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        setEstimate((await response.json()) as Estimate);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [open, segmentId]);

  if (failed) return <Text as="p" tone="subdued">The automations using this segment could not be loaded.</Text>;
  if (!estimate) {
    return (
      <InlineStack gap="200" blockAlign="center">
        <Spinner size="small" accessibilityLabel="Loading automations" />
        <Text as="p">Looking for automations that use this segment…</Text>
      </InlineStack>
    );
  }
  const targets = estimate.automations.filter((a) => a.wouldEnrol !== null);
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        Automations using this segment ({estimate.automations.length})
      </Text>
      {estimate.automations.length === 0 ? (
        <Text as="p" tone="subdued">
          None. Contacts who join are not sent anything automatically.
        </Text>
      ) : (
        <div data-testid="segment-automations">
          <List>
            {estimate.automations.map((a) => (
              <List.Item key={a.id}>
                <InlineStack gap="200" blockAlign="center">
                  <Link url={`/app/automations/${a.id}`} target="_blank">
                    {a.name}
                  </Link>
                  <Badge tone={a.status === "active" ? "success" : undefined}>{a.status === "active" ? "Active" : "Paused"}</Badge>
                  <Text as="span" tone="subdued">
                    {a.trigger === "entered" ? "when contacts enter" : "when contacts leave"} · updated {a.updated}
                    {a.wouldEnrol !== null ? ` · ${plural(a.wouldEnrol, "current member", "current members")} not enrolled yet` : ""}
                  </Text>
                </InlineStack>
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {targets.length > 0 ? (
        <Checkbox
          label="Trigger all current members into the active automations now"
          helpText="Once the update is computed, every member these automations have not processed yet is enrolled (their re-entry rules still apply). Otherwise only contacts who enter from now on are, including those this update brings in."
          checked={triggerAll}
          onChange={onTriggerAllChange}
        />
      ) : null}
      {triggerAll && estimate.short.length > 0 ? (
        <Banner tone="warning" title="Not enough left to send all of it">
          <BlockStack gap="100">
            {estimate.short.includes("email") ? (
              <p>{`About ${plural(estimate.messages.email, "email would", "emails would")} go out, but only ${n(estimate.quota.emailRemaining)} ${estimate.quota.emailRemaining === 1 ? "is" : "are"} left in this month's email quota.`}</p>
            ) : null}
            {estimate.short.includes("sms") ? <p>{`About ${plural(estimate.messages.sms, "text message would", "text messages would")} go out, but the SMS balance is ${n(estimate.quota.smsBalance)}.`}</p> : null}
            <p>
              Turn this option off, or top up in <Link url="/app/settings">Settings</Link>. Messages beyond what is left are skipped.
            </p>
          </BlockStack>
        </Banner>
      ) : null}
      {triggerAll && estimate.short.length === 0 && (estimate.messages.email > 0 || estimate.messages.sms > 0) ? (
        <Text as="p" tone="subdued">{`About ${plural(estimate.messages.email, "email", "emails")} and ${plural(estimate.messages.sms, "text message", "text messages")} would go out (counted on the current members).`}</Text>
      ) : null}
    </BlockStack>
  );
}
