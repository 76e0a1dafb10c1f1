import { BlockStack, Card, Checkbox, InlineGrid, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { QuietHours } from "../../settings/shop-settings";
import { SectionForm, useSection } from "./section-form";

/** Quiet hours in each contact's time zone: messages due inside the window wait for its end. */
export function QuietHoursCard({ quiet }: { quiet: QuietHours }) {
  const section = useSection();
  const [enabled, setEnabled] = useState(quiet.enabled);
  const [start, setStart] = useState(quiet.start);
  const [end, setEnd] = useState(quiet.end);
  const [email, setEmail] = useState(quiet.channels.includes("email"));
  const [sms, setSms] = useState(quiet.channels.includes("sms"));
  return (
    <Card>
      <BlockStack gap="400">
        <SectionForm section={section} intent="quiet">
          <input type="hidden" name="enabled" value={enabled ? "on" : "off"} />
          <input type="hidden" name="channel_email" value={email ? "on" : "off"} />
          <input type="hidden" name="channel_sms" value={sms ? "on" : "off"} />
          <Checkbox label="Hold messages during quiet hours" helpText="In the contact's time zone (the store's when unknown); held messages go out when the window ends." checked={enabled} onChange={setEnabled} />
          <InlineGrid columns={2} gap="300">
            <TextField label="From" name="start" type="time" value={start} onChange={setStart} autoComplete="off" disabled={!enabled} error={section.errors.start} />
            <TextField label="Until" name="end" type="time" value={end} onChange={setEnd} autoComplete="off" disabled={!enabled} error={section.errors.end} />
          </InlineGrid>
          <InlineStack gap="400">
            <Checkbox label="Email" checked={email} onChange={setEmail} disabled={!enabled} />
            <Checkbox label="SMS" checked={sms} onChange={setSms} disabled={!enabled} error={section.errors.channels} />
          </InlineStack>
        </SectionForm>
      </BlockStack>
    </Card>
  );
}
