import { BlockStack, Box, Button, ButtonGroup, InlineError, InlineStack, Text } from "@shopify/polaris";
import { Fragment } from "react";
import { nodeDomId, useBuilder } from "./builder-context";
import { ConditionRow } from "./condition-row";
import { isGroup, type DraftGroup } from "./definition-editing";
import { issueText } from "./values";

/** And / Or for one group, as two pressed-state buttons. */
function MatchToggle({ group, name }: { group: DraftGroup; name: string }) {
  const { dispatch } = useBuilder();
  const set = (match: "all" | "any") => dispatch({ type: "set_match", groupId: group.id, match });
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="span">Contacts match</Text>
      <div role="group" aria-label={`And or Or for ${name}`}>
        <ButtonGroup variant="segmented">
          <Button pressed={group.match === "all"} onClick={() => set("all")} accessibilityLabel={`And: match all conditions of ${name}`}>
            And
          </Button>
          <Button pressed={group.match === "any"} onClick={() => set("any")} accessibilityLabel={`Or: match any condition of ${name}`}>
            Or
          </Button>
        </ButtonGroup>
      </div>
      <Text as="span" tone="subdued">
        {group.match === "all" ? "all of these conditions" : "any of these conditions"}
      </Text>
    </InlineStack>
  );
}

/** The word between two children of a group. */
function Connector({ match }: { match: "all" | "any" }) {
  return (
    <div aria-hidden style={{ paddingInlineStart: "var(--p-space-300)" }}>
      <Text as="span" variant="bodySm" fontWeight="semibold" tone="subdued">
        {match === "all" ? "AND" : "OR"}
      </Text>
    </div>
  );
}

/** A group: its And/Or, its children (conditions and nested groups), and buttons to add to it. */
export function GroupCard({ group, depth }: { group: DraftGroup; depth: number }) {
  const { names, dispatch, openAddPanel, addabilityOf, issuesByNode } = useBuilder();
  const name = names.get(group.id) ?? group.id;
  const isRoot = depth === 1;
  const allowed = addabilityOf(group.id);
  const issues = issuesByNode.get(group.id) ?? [];
  const domId = nodeDomId(group.id);

  return (
    <div id={domId} role="group" aria-label={name}>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="300" blockAlign="center">
            {!isRoot && (
              <Text as="h3" variant="headingSm">
                {name}
              </Text>
            )}
            <MatchToggle group={group} name={name} />
          </InlineStack>
          {!isRoot && (
            <Button variant="tertiary" tone="critical" onClick={() => dispatch({ type: "remove", nodeId: group.id })} accessibilityLabel={`Remove ${name}`}>
              Remove group
            </Button>
          )}
        </InlineStack>
        {group.children.map((child, index) => (
          <Fragment key={child.id}>
            {index > 0 && <Connector match={group.match} />}
            {isGroup(child) ? (
              <Box padding="300" borderRadius="200" background={depth % 2 === 1 ? "bg-surface-secondary" : "bg-surface-tertiary"} borderInlineStartWidth="050" borderColor="border-emphasis">
                <GroupCard group={child} depth={depth + 1} />
              </Box>
            ) : (
              <ConditionRow condition={child} />
            )}
          </Fragment>
        ))}
        {issues.length > 0 && <InlineError fieldID={domId} message={issues.map((m) => issueText(m, name)).join(" · ")} />}
        <InlineStack gap="200" blockAlign="center">
          <Button onClick={() => openAddPanel({ groupId: group.id, asGroup: false })} disabled={!allowed.condition} accessibilityLabel={isRoot ? undefined : `Add condition to ${name}`}>
            {isRoot ? "+ Add conditions" : "+ Add condition"}
          </Button>
          <Button variant="tertiary" onClick={() => openAddPanel({ groupId: group.id, asGroup: true })} disabled={!allowed.group} accessibilityLabel={`Add group to ${name}`}>
            + Add group
          </Button>
          {allowed.reason && (
            <Text as="span" tone="subdued" variant="bodySm">
              {allowed.reason}
            </Text>
          )}
        </InlineStack>
      </BlockStack>
    </div>
  );
}
