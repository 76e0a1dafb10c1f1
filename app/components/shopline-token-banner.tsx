import { Banner, Box, BlockStack } from "@shopify/polaris";
import type { TokenAlert } from "../platforms/shopline/token-alert";

/**
 * Above every admin page of a SHOPLINE store whose access token cannot be renewed (warning) or has
 * expired (critical): what happened and what to do (`shoplineTokenAlert`).
 */
export function ShoplineTokenBanner({ alert }: { alert: TokenAlert | null }) {
  if (!alert) return null;
  return (
    <Box paddingInline="400" paddingBlockStart="400">
      <Banner title={alert.title} tone={alert.tone}>
        <BlockStack gap="100">
          {alert.messages.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </BlockStack>
      </Banner>
    </Box>
  );
}
