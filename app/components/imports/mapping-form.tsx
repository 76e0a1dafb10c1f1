import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, Select, Text } from "@shopify/polaris";
import { useState } from "react";

export type MappingOptionGroup = { title: string; options: { label: string; value: string }[] };
export type MappingProblemView = { column: string; message: string };

/** The preview of the file's first rows, as uploaded. */
export function ImportPreview({ header, rows }: { header: string[]; rows: string[][] }) {
  return (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
        <Text as="h2" variant="headingMd">
          Preview of the first rows
        </Text>
      </div>
      <DataTable columnContentTypes={header.map(() => "text" as const)} headings={header} rows={rows.map((row) => header.map((_, i) => row[i] ?? ""))} />
    </Card>
  );
}

/** One select per column (its header as the label), pre-filled with the guessed mapping; posts `column-<i>`. */
export function MappingForm({ header, guessed, groups, problems }: { header: string[]; guessed: string[]; groups: MappingOptionGroup[]; problems: MappingProblemView[] }) {
  const [mapping, setMapping] = useState(guessed);
  const navigation = useNavigation();
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            What each column holds
          </Text>
          {problems.length > 0 ? (
            <Banner tone="critical" title="The import cannot start with this mapping">
              <ul>
                {problems.map((p) => (
                  <li key={`${p.column}:${p.message}`}>{p.column ? `${p.column}: ${p.message}` : p.message}</li>
                ))}
              </ul>
            </Banner>
          ) : null}
          {header.map((column, i) => (
            <Select
              key={`${i}:${column}`}
              label={column}
              name={`column-${i}`}
              options={groups}
              value={mapping[i]}
              onChange={(value) => setMapping((current) => current.map((v, j) => (j === i ? value : v)))}
            />
          ))}
          <Text as="p" tone="subdued">
            Rows with a problem are skipped and listed in a report you can download when the import is done; the other rows are imported.
          </Text>
          <div>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              Start import
            </Button>
          </div>
        </BlockStack>
      </Form>
    </Card>
  );
}
