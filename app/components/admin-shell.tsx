import { useLocation } from "@remix-run/react";
import { Banner, Box, Button, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { NAV_ITEMS } from "./navigation";

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "ui-nav-menu": React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement>;
    }
  }
}

/** Inside the Shopify admin, App Bridge renders our navigation in the admin's sidebar. */
export function EmbeddedNavigation() {
  return (
    <ui-nav-menu>
      <a href="/app" rel="home">
        Home
      </a>
      {NAV_ITEMS.map((item) => (
        <a key={item.url} href={item.url}>
          {item.label}
        </a>
      ))}
    </ui-nav-menu>
  );
}

/**
 * Outside the Shopify admin (demo mode, SHOPLINE stores): our own header with the navigation, and
 * in demo mode the "Demo store" banner.
 */
export function DemoShell({ shopName, demo = true, children }: { shopName: string; demo?: boolean; children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <>
      <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingInline="400" paddingBlock="200">
        <InlineStack gap="400" blockAlign="center">
          <Text as="p" variant="headingMd">
            Segmentflow
          </Text>
          <nav aria-label="Main">
            <InlineStack gap="100">
              {NAV_ITEMS.map((item) => (
                <Button key={item.url} url={item.url} variant="tertiary" pressed={pathname.startsWith(item.url)}>
                  {item.label}
                </Button>
              ))}
            </InlineStack>
          </nav>
        </InlineStack>
      </Box>
      {demo && (
        <Box paddingInline="400" paddingBlockStart="400">
          <Banner title="Demo store" tone="info">
            <p>
              You are exploring Segmentflow on {shopName}, a generated store. Its customers are not real and no message
              leaves this computer.
            </p>
          </Banner>
        </Box>
      )}
      {children}
    </>
  );
}
