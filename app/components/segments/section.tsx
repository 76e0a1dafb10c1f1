import { BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

type Props = {
  title: string;
  actions?: ReactNode;
  /** Edge-to-edge content (tables): only the title row is padded; `toolbar` sits padded above the content. */
  flush?: boolean;
  toolbar?: ReactNode;
  children: ReactNode;
};

function TitleRow({ title, actions }: Pick<Props, "title" | "actions">) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="200">
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      {actions}
    </InlineStack>
  );
}

/** A titled card of the segment page, with optional actions at the right of its title. */
export function Section({ title, actions, flush = false, toolbar, children }: Props) {
  if (!flush) {
    return (
      <Card>
        <BlockStack gap="300">
          <TitleRow title={title} actions={actions} />
          {toolbar}
          {children}
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="300">
        <BlockStack gap="300">
          <TitleRow title={title} actions={actions} />
          {toolbar}
        </BlockStack>
      </Box>
      {children}
    </Card>
  );
}
