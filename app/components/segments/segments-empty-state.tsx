import { Card, EmptyState } from "@shopify/polaris";

/** No segment yet: start one from scratch, or from a suggestion. */
export function SegmentsEmptyState() {
  return (
    <Card>
      <EmptyState
        heading="Create your first segment"
        action={{ content: "Create segment", url: "/app/segments/new" }}
        secondaryAction={{ content: "Browse suggestions", url: "/app/segments?tab=suggestions" }}
        image=""
      >
        <p>
          Segments are contact lists that keep themselves up to date, from rules such as “viewed a product in the last 30 days
          and did not order it”. Use them as the audience of campaigns and automations.
        </p>
      </EmptyState>
    </Card>
  );
}
