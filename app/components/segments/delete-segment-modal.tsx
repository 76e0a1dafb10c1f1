import { BlockStack, List, Modal, Text } from "@shopify/polaris";

export type DeleteTarget = { id: number; name: string; usedBy: { activeAutomations: string[]; scheduledCampaigns: string[] } };

/** Confirms a deletion: it cannot be undone, and what still uses the segment loses its audience. */
export function DeleteSegmentModal({
  target,
  deleting,
  onConfirm,
  onClose,
}: {
  target: DeleteTarget | null;
  deleting: boolean;
  onConfirm: (target: DeleteTarget) => void;
  onClose: () => void;
}) {
  const used = target ? [...target.usedBy.activeAutomations.map((n) => `Automation “${n}” (active)`), ...target.usedBy.scheduledCampaigns.map((n) => `Campaign “${n}” (scheduled)`)] : [];
  return (
    <Modal
      open={target !== null}
      onClose={onClose}
      title={target ? `Delete “${target.name}”?` : "Delete segment?"}
      primaryAction={{ content: "Delete segment", destructive: true, loading: deleting, onAction: () => target && onConfirm(target) }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">The segment, its members and its change history will be deleted. This cannot be undone.</Text>
          {used.length > 0 && (
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">
                It is in use, and these will lose their audience:
              </Text>
              <List type="bullet">
                {used.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
            </BlockStack>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
