import { useEffect, useReducer, useState } from "react";
import type { DefinitionIssue } from "../../segments/definition";
import { editDraft, type Draft, type DraftAction, type Limits } from "./definition-editing";
import { useLiveEstimate } from "./use-live-estimate";

/** Issues from a save attempt first, then the live estimate's, each once. */
export function mergeIssues(...lists: DefinitionIssue[][]): DefinitionIssue[] {
  const seen = new Set<string>();
  return lists.flat().filter((issue) => {
    const key = `${issue.nodeId}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The state of a builder page: the draft (edited through the pure reducer), the name, the live
 * estimate, and the problems to show (from the last save attempt, until the next edit, and live).
 */
export function useSegmentEditor({ initialName, initialDraft, limits }: { initialName: string; initialDraft: Draft; limits: Limits }) {
  const [draft, dispatch] = useReducer((state: Draft, action: DraftAction) => editDraft(state, action, limits), initialDraft);
  const [name, setName] = useState(initialName);
  const [submitIssues, setSubmitIssues] = useState<DefinitionIssue[]>([]);
  const { estimate, issues: liveIssues } = useLiveEstimate(draft);

  useEffect(() => setSubmitIssues([]), [draft, name]);

  const issues = mergeIssues(submitIssues, liveIssues);
  const nameIssue = issues.find((i) => i.nodeId === null && /name/i.test(i.message));
  return { draft, dispatch, name, setName, estimate, issues, nameError: nameIssue?.message ?? null, setSubmitIssues };
}

export type SegmentEditorState = ReturnType<typeof useSegmentEditor>;
