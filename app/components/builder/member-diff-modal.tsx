import { Banner, BlockStack, InlineGrid, InlineStack, List, Modal, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import type { MemberDiff, MemberSample } from "../../models/segment-builder.server";
import type { DefinitionIssue } from "../../segments/definition";
import type { Draft } from "./definition-editing";

type DiffState = { status: "loading" } | { status: "ready"; diff: MemberDiff } | { status: "invalid" } | { status: "error" };

const count = (n: number) => n.toLocaleString("en-US");

function People({ title, total, people, testId }: { title: string; total: number; people: MemberSample[]; testId: string }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title} ({count(total)})
      </Text>
      {people.length === 0 ? (
        <Text as="p" tone="subdued">
          Nobody.
        </Text>
      ) : (
        <div data-testid={testId}>
          <List>
            {people.map((p) => (
              <List.Item key={p.id}>
                {p.name}
                {p.email && p.email !== p.name ? <Text as="span" tone="subdued">{` · ${p.email}`}</Text> : null}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {total > people.length && (
        <Text as="p" tone="subdued">
          and {count(total - people.length)} more
        </Text>
      )}
    </BlockStack>
  );
}

/**
 * Before an update: who joins and who leaves if the new conditions are saved, computed on the
 * server against the stored members. Confirming saves and recomputes; those changes are recorded.
 */
export function MemberDiffModal({ open, segmentId, segmentName, draft, saving, onConfirm, onClose, onIssues, children }: {
  open: boolean;
  segmentId: number;
  segmentName: string;
  draft: Draft;
  saving: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** The new definition has problems: they go back onto the conditions. */
  onIssues: (issues: DefinitionIssue[]) => void;
  /** More to confirm with the update (the automations that use the segment), in its own section. */
  children?: ReactNode;
}) {
  const [state, setState] = useState<DiffState>({ status: "loading" });

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setState({ status: "loading" });
    fetch(`/app/segments/${segmentId}/diff`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ definition: draft }),
      signal: controller.signal,
    })
      .then(async (response) => {
        const body = (await response.json()) as MemberDiff | { ok: false; issues: DefinitionIssue[] };
        if (body.ok) return setState({ status: "ready", diff: body });
        setState({ status: "invalid" });
        onIssues(body.issues ?? []);
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ status: "error" });
      });
    return () => controller.abort();
    // the diff is for the draft as it was when the modal opened
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, segmentId]);

  const diff = state.status === "ready" ? state.diff : null;
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Update “${segmentName}”?`}
      primaryAction={{ content: "Update segment", onAction: onConfirm, loading: saving, disabled: !diff }}
      secondaryActions={[{ content: "Keep editing", onAction: onClose }]}
    >
      <Modal.Section>
        {state.status === "loading" && (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel="Comparing members" />
            <Text as="p">Comparing the new conditions with the current members…</Text>
          </InlineStack>
        )}
        {state.status === "invalid" && (
          <Banner tone="critical">
            <p>The new conditions have problems. They are marked in the builder: fix them, then update again.</p>
          </Banner>
        )}
        {state.status === "error" && (
          <Banner tone="critical">
            <p>The change in members could not be computed. Close this and try again in a moment.</p>
          </Banner>
        )}
        {diff && (
          <BlockStack gap="400">
            <BlockStack gap="100">
              <Text as="p" variant="headingLg">
                <span data-testid="diff-summary" data-joining={diff.joining.count} data-leaving={diff.leaving.count}>
                  +{count(diff.joining.count)} will join, −{count(diff.leaving.count)} will leave
                </span>
              </Text>
              <Text as="p" tone="subdued">
                {count(diff.current)} members now, {count(diff.next)} after the update. Each change is recorded, and automations that start when
                contacts enter or leave this segment will see them.
              </Text>
            </BlockStack>
            {diff.computing && (
              <Banner tone="warning">
                <p>The current members are still being computed, so the final change may differ from this preview.</p>
              </Banner>
            )}
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <People title="Joining" total={diff.joining.count} people={diff.joining.sample} testId="diff-joining" />
              <People title="Leaving" total={diff.leaving.count} people={diff.leaving.sample} testId="diff-leaving" />
            </InlineGrid>
          </BlockStack>
        )}
      </Modal.Section>
      {children ? <Modal.Section>{children}</Modal.Section> : null}
    </Modal>
  );
}
