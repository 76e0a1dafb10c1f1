import { BlockStack, Layout } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { BuilderSetup } from "../../models/segment-builder.server";
import { EstimateCard } from "./estimate-card";
import { SegmentBuilder } from "./segment-builder";
import { SegmentName } from "./segment-name";
import type { SegmentEditorState } from "./use-segment-editor";

/** A builder page's body: name and conditions, with the live estimate beside them. */
export function SegmentEditorLayout({ editor, setup, top }: { editor: SegmentEditorState; setup: BuilderSetup; top?: ReactNode }) {
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {top}
          <SegmentName name={editor.name} onChange={editor.setName} error={editor.nameError} />
          <SegmentBuilder
            draft={editor.draft}
            dispatch={editor.dispatch}
            catalogue={setup.catalogue}
            limits={setup.limits}
            money={setup.money}
            today={setup.today}
            issues={editor.issues}
          />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <div style={{ position: "sticky", top: "var(--p-space-400)" }}>
          <EstimateCard estimate={editor.estimate} totalContacts={setup.totalContacts} />
        </div>
      </Layout.Section>
    </Layout>
  );
}
