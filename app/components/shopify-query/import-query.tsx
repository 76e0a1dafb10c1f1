import { Banner, BlockStack, Button, Card, InlineStack, List, Modal, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { Draft } from "../builder/definition-editing";

type Problem = { line: number; column: number; message: string };
type ImportAnswer = { ok: true; definition: Draft; warnings: Problem[] } | { ok: false; error: Problem };

const where = (p: Problem) => `Line ${p.line}, column ${p.column}: ${p.message}`;

/**
 * "Import from a Shopify query" on the create page: paste a segment's query (the WHERE part, or
 * the whole FROM customers … query of Shopify's editor), see a problem inline with its line and
 * column, or get the builder filled in with the same conditions (`onImport`).
 */
export function ImportShopifyQuery({ onImport }: { onImport: (definition: Draft) => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<Problem[] | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/app/segments/shopify-query", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ query }),
      });
      const answer = (await response.json()) as ImportAnswer;
      if (!answer.ok) return setError(where(answer.error));
      onImport(answer.definition);
      setImported(answer.warnings);
      setOpen(false);
    } catch {
      setError("The query could not be sent. Try again in a moment.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Already have this segment in Shopify?
              </Text>
              <Text as="p" tone="subdued">
                Paste its query and the conditions below are filled in for you.
              </Text>
            </BlockStack>
            <Button onClick={() => setOpen(true)}>Import from a Shopify query</Button>
          </InlineStack>
          {imported && (
            <Banner tone={imported.length ? "warning" : "success"} title="Imported from a Shopify query" onDismiss={() => setImported(null)}>
              {imported.length === 0 ? (
                <p>Review the conditions below, name the segment and create it.</p>
              ) : (
                <BlockStack gap="200">
                  <p>Review the conditions below. The import changed {imported.length === 1 ? "one thing" : `${imported.length} things`}:</p>
                  <List>
                    {imported.map((w) => (
                      <List.Item key={where(w)}>{where(w)}</List.Item>
                    ))}
                  </List>
                </BlockStack>
              )}
            </Banner>
          )}
        </BlockStack>
      </Card>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="Import from a Shopify query"
        primaryAction={{ content: "Import", onAction: submit, loading: busy, disabled: !query.trim() }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              Copy the query from the segment&apos;s editor in Shopify (Customers › Segments). Both the MATCHES syntax and the older
              products_purchased(…) = true syntax are read; conditions Segmentflow has no equivalent for are named.
            </Text>
            <TextField
              label="Shopify segment query"
              value={query}
              onChange={(value) => {
                setQuery(value);
                setError(null);
              }}
              multiline={6}
              monospaced
              autoComplete="off"
              placeholder="email_subscription_status = 'SUBSCRIBED' AND amount_spent > 100"
              error={error ?? undefined}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </>
  );
}
