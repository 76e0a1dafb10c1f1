import { Banner, BlockStack, Button, InlineStack, List, Spinner, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { Section } from "../segments/section";

type ExportAnswer = { ok: true; query: string; warnings: string[] } | { ok: false; reason: string; problems: string[] };

/**
 * "Copy as Shopify query" on a segment's page: the segment in Shopify's segment query language
 * (newer syntax) in a read-only field with a copy button, or why the language cannot say it.
 */
export function ExportShopifyQuery({ segmentId }: { segmentId: number }) {
  const [answer, setAnswer] = useState<ExportAnswer | null>(null);
  const [loading, setLoading] = useState(false);
  const [copied, setCopied] = useState(false);

  const load = async () => {
    setLoading(true);
    try {
      const response = await fetch(`/app/segments/shopify-query?segmentId=${segmentId}`, { headers: { Accept: "application/json" } });
      setAnswer((await response.json()) as ExportAnswer);
    } catch {
      setAnswer({ ok: false, reason: "The query could not be loaded. Try again in a moment.", problems: [] });
    } finally {
      setLoading(false);
    }
  };

  const copy = async () => {
    if (!answer?.ok) return;
    await navigator.clipboard?.writeText(answer.query).catch(() => undefined);
    setCopied(true);
  };

  return (
    <Section
      title="Shopify query"
      actions={
        answer ? null : (
          <Button onClick={load} loading={loading}>
            Copy as Shopify query
          </Button>
        )
      }
    >
      {!answer && !loading && (
        <Text as="p" tone="subdued">
          The same conditions in Shopify&apos;s segment query language, to paste into a segment in Shopify&apos;s admin.
        </Text>
      )}
      {loading && <Spinner size="small" accessibilityLabel="Writing the Shopify query" />}
      {answer?.ok && (
        <BlockStack gap="300">
          <TextField label="Shopify segment query" value={answer.query} readOnly multiline={3} monospaced autoComplete="off" selectTextOnFocus />
          <InlineStack gap="200" blockAlign="center">
            <Button onClick={copy} accessibilityLabel="Copy the Shopify query">
              Copy query
            </Button>
            {copied && (
              <Text as="span" tone="success">
                Copied
              </Text>
            )}
          </InlineStack>
          {answer.warnings.length > 0 && (
            <Banner tone="warning" title="Not exactly the same in Shopify">
              <List>
                {answer.warnings.map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            </Banner>
          )}
        </BlockStack>
      )}
      {answer && !answer.ok && (
        <Banner tone="warning" title={answer.reason}>
          <List>
            {answer.problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Banner>
      )}
    </Section>
  );
}
