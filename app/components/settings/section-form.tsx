import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack } from "@shopify/polaris";
import type { ReactNode } from "react";

/** What the settings action answers for one section. */
export type SectionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

/**
 * One settings section as its own form (a fetcher, so saving one section keeps the others' edits):
 * hidden `intent`, the fields, a Save button, and the result or form-level error below.
 */
export function useSection() {
  const fetcher = useFetcher<SectionResult>();
  const data = fetcher.data;
  const errors = data && !data.ok ? data.errors : {};
  return { fetcher, errors, saved: data?.ok ? data.message : null, busy: fetcher.state !== "idle" };
}

export function SectionForm({ section, intent, children, submitLabel = "Save" }: { section: ReturnType<typeof useSection>; intent: string; children: ReactNode; submitLabel?: string }) {
  const { fetcher, errors, saved, busy } = section;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <BlockStack gap="300">
        {children}
        {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
        {saved && !busy ? <Banner tone="success">{saved}</Banner> : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}
