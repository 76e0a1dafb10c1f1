import { specOf } from "./conditions/catalogue";
import type { DefinitionNode, SegmentDefinition } from "./definition";

/** A definition in words: each condition's sentence under its And/Or group, for the segment page. */
export type DescribedNode = { id: string; text: string; children?: DescribedNode[] };

function describeNode(node: DefinitionNode): DescribedNode {
  if (node.type === "group") {
    return {
      id: node.id,
      text: node.match === "all" ? "All of these are true" : "Any of these is true",
      children: node.children.map(describeNode),
    };
  }
  return { id: node.id, text: specOf(node)?.describe(node as never) ?? node.type };
}

/**
 * The whole definition as sentences. A root group with one child reads as that child alone
 * ("Has placed at least 2 orders" rather than "All of these are true: …").
 */
export function describeDefinition(definition: SegmentDefinition): DescribedNode {
  const root = describeNode(definition.root);
  return root.children?.length === 1 ? root.children[0] : root;
}
