import { BlockStack, Text } from "@shopify/polaris";
import type { DescribedNode } from "../../segments/describe-tree";

function NodeList({ nodes }: { nodes: DescribedNode[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: "1.2em" }}>
      {nodes.map((node) => (
        <li key={node.id}>
          <DescribedItem node={node} />
        </li>
      ))}
    </ul>
  );
}

function DescribedItem({ node }: { node: DescribedNode }) {
  if (!node.children) return <Text as="span">{node.text}</Text>;
  return (
    <BlockStack gap="100">
      <Text as="span" fontWeight="semibold">
        {node.text}:
      </Text>
      <NodeList nodes={node.children} />
    </BlockStack>
  );
}

/** The segment's conditions as sentences, nested under their And/Or groups. */
export function DefinitionSummary({ summary }: { summary: DescribedNode }) {
  return (
    <div data-testid="definition-summary">
      <DescribedItem node={summary} />
    </div>
  );
}
