import { BlockStack, Card, Select } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { SectionForm, useSection } from "./section-form";

/** The store's IANA time zone: whole-day segment windows and the email quota month are counted in it. */
export function TimeZoneCard({ timeZone, zones }: { timeZone: string; zones: string[] }) {
  const section = useSection();
  const [value, setValue] = useState(timeZone);
  const options = useMemo(() => (zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((z) => ({ label: z.replace(/_/g, " "), value: z })), [zones, timeZone]);
  return (
    <Card>
      <BlockStack gap="400">
        <SectionForm section={section} intent="timezone">
          <Select
            label="Store time zone"
            name="timeZone"
            options={options}
            value={value}
            onChange={setValue}
            helpText="Set from your store and updated when it changes there. Changing it recomputes every segment."
            error={section.errors.timeZone}
          />
        </SectionForm>
      </BlockStack>
    </Card>
  );
}
