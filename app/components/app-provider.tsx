import { Link, useNavigate } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import en from "@shopify/polaris/locales/en.json";
import { forwardRef, useEffect, type ReactNode } from "react";

/**
 * Polaris links rendered as Remix links. (The package's own AppProvider cannot be bundled by the
 * classic compiler: its ESM build uses JSON import attributes.)
 */
const RemixLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(function RemixLink(
  { url, children, external, ...rest },
  ref,
) {
  if (external) {
    return (
      <a ref={ref} href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  // A download (the members CSV) must be a plain browser request, not a client-side navigation.
  return (
    <Link ref={ref} to={url} reloadDocument={rest.download ? true : undefined} {...rest}>
      {children}
    </Link>
  );
});

/**
 * Embedded: loads App Bridge (session tokens, navigation) for the Shopify admin.
 * Demo: plain Polaris, no App Bridge, no Shopify behind it.
 */
export function AppProvider({ apiKey, isEmbeddedApp, children }: { apiKey: string; isEmbeddedApp: boolean; children: ReactNode }) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!isEmbeddedApp) return;
    const onNavigate = (event: Event) => {
      const href = (event.target as HTMLElement | null)?.getAttribute("href");
      if (href) navigate(href);
    };
    addEventListener("shopify:navigate", onNavigate);
    return () => removeEventListener("shopify:navigate", onNavigate);
  }, [isEmbeddedApp, navigate]);
  return (
    <>
      {isEmbeddedApp && <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js" data-api-key={apiKey} />}
      <PolarisAppProvider i18n={en} linkComponent={RemixLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}
