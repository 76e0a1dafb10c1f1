import { Banner, Button, List } from "@shopify/polaris";
import { focusNode } from "./builder-context";

export type PresentedIssue = { nodeId: string | null; name: string | null; text: string };

/** The summary of every problem, each with a way to jump to the condition or group it is about. */
export function IssuesBanner({ issues }: { issues: PresentedIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Banner tone="critical" title={issues.length === 1 ? "Fix 1 problem to save this segment" : `Fix ${issues.length} problems to save this segment`}>
      <List>
        {issues.map((issue, i) => (
          <List.Item key={`${issue.nodeId}-${i}`}>
            {issue.name && issue.nodeId ? (
              <>
                <Button variant="plain" onClick={() => focusNode(issue.nodeId!)} accessibilityLabel={`Go to ${issue.name}`}>
                  {issue.name}
                </Button>
                {": "}
              </>
            ) : null}
            {issue.text}
          </List.Item>
        ))}
      </List>
    </Banner>
  );
}
