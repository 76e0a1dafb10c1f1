import { BlockStack, Card, InlineGrid, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { LifecycleThresholds } from "../../settings/shop-settings";
import { SectionForm, useSection } from "./section-form";

const FIELDS: { key: keyof LifecycleThresholds; label: string; help: string }[] = [
  { key: "loyalMinOrders", label: "Loyal: at least … orders", help: "and the last one recent (below)" },
  { key: "loyalWithinDays", label: "Loyal: last order within … days", help: "" },
  { key: "highPotentialMinSpendMinor", label: "High potential: spent at least (cents)", help: "in the store's currency, minor units" },
  { key: "highPotentialWithinDays", label: "High potential: last order within … days", help: "" },
  { key: "dormantAfterDays", label: "Dormant: no order for … days", help: "" },
  { key: "churnedAfterDays", label: "Churned: no order for … days", help: "must be longer than dormant" },
];

/** Lifecycle stage thresholds (saving recomputes every buyer's stage). */
export function LifecycleCard({ thresholds }: { thresholds: LifecycleThresholds }) {
  const section = useSection();
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(FIELDS.map((f) => [f.key, String(thresholds[f.key])])));
  return (
    <Card>
      <BlockStack gap="400">
        <SectionForm section={section} intent="lifecycle">
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            {FIELDS.map((f) => (
              <TextField
                key={f.key}
                label={f.label}
                name={f.key}
                type="number"
                min={0}
                value={values[f.key]}
                onChange={(v) => setValues((prev) => ({ ...prev, [f.key]: v }))}
                autoComplete="off"
                helpText={f.help || undefined}
                error={section.errors[f.key]}
              />
            ))}
          </InlineGrid>
        </SectionForm>
      </BlockStack>
    </Card>
  );
}
