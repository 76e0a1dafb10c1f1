import { BlockStack, Card, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { BuilderCondition, BuilderFamily } from "../../segments/builder-fields";
import type { DefinitionIssue } from "../../segments/definition";
import { AddConditionPanel, type AddTarget } from "./add-condition-panel";
import { BuilderProvider, focusNode, type BuilderContextValue } from "./builder-context";
import { addability, findNode, freshId, nodeNames, type Draft, type DraftAction, type Limits } from "./definition-editing";
import { GroupCard } from "./group-card";
import { IssuesBanner } from "./issues-banner";
import { issueText, type MoneyFormat } from "./values";

type Props = {
  draft: Draft;
  dispatch: (action: DraftAction) => void;
  catalogue: BuilderFamily[];
  limits: Limits;
  money: MoneyFormat;
  today: string;
  issues: DefinitionIssue[];
};

/** The conditions editor: the group tree rendered from the catalogue, and the "+ Add conditions" panel. */
export function SegmentBuilder({ draft, dispatch, catalogue, limits, money, today, issues }: Props) {
  const [target, setTarget] = useState<AddTarget | null>(null);
  const byType = useMemo(() => new Map(catalogue.flatMap((f) => f.conditions.map((c) => [c.type, c] as const))), [catalogue]);
  const names = useMemo(() => nodeNames(draft, (type) => byType.get(type)?.label ?? type), [draft, byType]);
  const issuesByNode = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const issue of issues) if (issue.nodeId) map.set(issue.nodeId, [...(map.get(issue.nodeId) ?? []), issue.message]);
    return map;
  }, [issues]);

  const presented = issues.map((issue) => {
    const node = issue.nodeId ? names.get(issue.nodeId) ?? null : null;
    const label = issue.nodeId ? byType.get(conditionType(draft, issue.nodeId) ?? "")?.label ?? node ?? "" : "";
    return { nodeId: issue.nodeId, name: node, text: issueText(issue.message, label) };
  });

  const context: BuilderContextValue = {
    conditionOf: (type) => byType.get(type),
    names,
    issuesByNode,
    dispatch,
    limits,
    money,
    today,
    openAddPanel: ({ groupId, asGroup }) => setTarget({ groupId, asGroup, groupName: names.get(groupId) ?? "the segment" }),
    addabilityOf: (groupId) => addability(draft, groupId, limits),
  };

  const choose = (condition: BuilderCondition) => {
    if (!target) return;
    const id = freshId(draft, "c");
    dispatch({ type: target.asGroup ? "add_group" : "add_condition", groupId: target.groupId, condition: structuredClone(condition.starter) });
    setTarget(null);
    focusNode(id);
  };

  return (
    <BuilderProvider value={context}>
      <IssuesBanner issues={presented} />
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Segment filter conditions
            </Text>
            <Text as="p" tone="subdued">
              {draft.root.children.length === 0
                ? "No conditions yet. Add conditions to choose who belongs to this segment."
                : "Contacts join and leave automatically as their data changes."}
            </Text>
          </BlockStack>
          <GroupCard group={draft.root} depth={1} />
        </BlockStack>
      </Card>
      <AddConditionPanel catalogue={catalogue} target={target} onChoose={choose} onClose={() => setTarget(null)} />
    </BuilderProvider>
  );
}

function conditionType(draft: Draft, nodeId: string): string | undefined {
  return findNode(draft, nodeId)?.type;
}
