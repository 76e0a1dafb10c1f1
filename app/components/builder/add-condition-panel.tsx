import { BlockStack, Button, InlineGrid, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import type { BuilderCondition, BuilderFamily } from "../../segments/builder-fields";

export type AddTarget = { groupId: string; asGroup: boolean; groupName: string };

/**
 * "+ Add conditions": pick a family (Properties, Email channel, …), then one of its conditions.
 * Rendered from the catalogue, so a new condition appears here without UI work.
 */
export function AddConditionPanel({ catalogue, target, onChoose, onClose }: { catalogue: BuilderFamily[]; target: AddTarget | null; onChoose: (condition: BuilderCondition) => void; onClose: () => void }) {
  const [familyKey, setFamilyKey] = useState(catalogue[0]?.family);
  const family = catalogue.find((f) => f.family === familyKey) ?? catalogue[0];
  const title = target?.asGroup ? `Add a group to ${target.groupName}: choose its first condition` : `Add a condition to ${target?.groupName ?? "the segment"}`;

  return (
    <Modal open={target !== null} onClose={onClose} title={title} size="large" secondaryActions={[{ content: "Cancel", onAction: onClose }]}>
      <Modal.Section>
        <InlineGrid columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="400">
          <nav aria-label="Condition types">
            <BlockStack gap="100">
              {catalogue.map((f) => (
                <Button key={f.family} variant="tertiary" textAlign="left" fullWidth pressed={f.family === family.family} onClick={() => setFamilyKey(f.family)}>
                  {f.label}
                </Button>
              ))}
            </BlockStack>
          </nav>
          <section aria-label={`${family.label} conditions`}>
            <BlockStack gap="300">
              <Text as="h3" variant="headingSm">
                {family.label}
              </Text>
              <Text as="p" tone="subdued">
                {family.description}
              </Text>
              {family.conditions.map((condition) => (
                <BlockStack key={condition.type} gap="050">
                  <Button textAlign="left" fullWidth onClick={() => onChoose(condition)}>
                    {condition.label}
                  </Button>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {condition.description}
                  </Text>
                </BlockStack>
              ))}
            </BlockStack>
          </section>
        </InlineGrid>
      </Modal.Section>
    </Modal>
  );
}
