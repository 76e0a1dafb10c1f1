import { Form, Link } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";

/** What the loader sends: explanation nodes with their flip dates already formatted in the shop's zone. */
export type WhyNode = { id: string; kind: "group" | "condition"; label: string; result: boolean; actual: string | null; changes: string | null; children: WhyNode[] };
export type WhyView =
  | { segmentId: number; segmentName: string; member: boolean; changes: string | null; root: WhyNode }
  | { segmentId: number; segmentName: string; error: string };
export type SegmentOption = { id: number; name: string; member: boolean };

function NodeLine({ node }: { node: WhyNode }) {
  return (
    <li>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Badge tone={node.result ? "success" : "critical"}>{node.result ? "Met" : "Not met"}</Badge>
          <Text as="span" fontWeight={node.kind === "group" ? "semibold" : "regular"}>
            {node.label}
          </Text>
        </InlineStack>
        {node.actual ? (
          <Text as="span" tone="subdued" variant="bodySm">
            {`Actual: ${node.actual}`}
          </Text>
        ) : null}
        {node.changes ? (
          <Text as="span" tone="caution" variant="bodySm">
            {node.changes}
          </Text>
        ) : null}
        {node.children.length > 0 ? <NodeList nodes={node.children} /> : null}
      </BlockStack>
    </li>
  );
}

function NodeList({ nodes }: { nodes: WhyNode[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: "1.2em", display: "grid", gap: "0.5em" }}>
      {nodes.map((node) => (
        <NodeLine key={node.id} node={node} />
      ))}
    </ul>
  );
}

/**
 * The contact's segments, and for any segment of the shop why the contact is in or out of it:
 * each condition met or not with the contact's actual value, and when a time window will change it.
 */
export function SegmentWhy({ segments, why }: { segments: SegmentOption[]; why: WhyView | null }) {
  const memberOf = segments.filter((s) => s.member);
  const [selected, setSelected] = useState(String(why?.segmentId ?? segments[0]?.id ?? ""));
  return (
    <BlockStack gap="300">
      {memberOf.length === 0 ? (
        <Text as="p" tone="subdued">
          Not in any segment.
        </Text>
      ) : (
        <InlineStack gap="200">
          {memberOf.map((s) => (
            <Link key={s.id} to={`/app/segments/${s.id}`}>
              {s.name}
            </Link>
          ))}
        </InlineStack>
      )}
      {segments.length > 0 ? (
        <Form method="get">
          <InlineStack gap="200" blockAlign="end" wrap={false}>
            <Box minWidth="0" width="100%">
              <Select
                label="Why in or out of"
                name="why"
                options={segments.map((s) => ({ label: `${s.name}${s.member ? " (member)" : ""}`, value: String(s.id) }))}
                value={selected}
                onChange={setSelected}
              />
            </Box>
            <Button submit>Explain</Button>
          </InlineStack>
        </Form>
      ) : null}
      {why ? (
        "error" in why ? (
          <Text as="p" tone="critical">
            {why.error}
          </Text>
        ) : (
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {why.member ? `In “${why.segmentName}”` : `Not in “${why.segmentName}”`}
            </Text>
            {why.changes ? (
              <Text as="p" tone="caution">
                {why.changes}
              </Text>
            ) : null}
            <NodeList nodes={[why.root]} />
          </BlockStack>
        )
      ) : null}
    </BlockStack>
  );
}
