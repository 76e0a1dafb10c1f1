import { createContext, useContext, type ReactNode } from "react";
import type { BuilderCondition } from "../../segments/builder-fields";
import type { DraftAction, Limits } from "./definition-editing";
import type { MoneyFormat } from "./values";

/** Everything a row deep in the tree needs, without threading it through every group. */
export type BuilderContextValue = {
  conditionOf: (type: string) => BuilderCondition | undefined;
  /** Names of nodes for labels ("Country", "Country (2)", "Group 1.2"). */
  names: Map<string, string>;
  /** Problems by node id, as the server reported them. */
  issuesByNode: Map<string, string[]>;
  dispatch: (action: DraftAction) => void;
  limits: Limits;
  money: MoneyFormat;
  /** Today's date (YYYY-MM-DD), the default of new date inputs. */
  today: string;
  /** Opens the "+ Add condition" panel for a group (or to start a new group in it). */
  openAddPanel: (target: { groupId: string; asGroup: boolean }) => void;
  /** What may still be added to a group within the limits. */
  addabilityOf: (groupId: string) => { condition: boolean; group: boolean; reason: string | null };
};

const BuilderContext = createContext<BuilderContextValue | null>(null);

export function BuilderProvider({ value, children }: { value: BuilderContextValue; children: ReactNode }) {
  return <BuilderContext.Provider value={value}>{children}</BuilderContext.Provider>;
}

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error("useBuilder outside a BuilderProvider");
  return value;
}

/** A stable DOM id for a node's container (focus after adding, "Go to condition" links). */
export function nodeDomId(nodeId: string): string {
  return `segment-node-${nodeId}`;
}

/**
 * Moves focus to the first control of a node once it is rendered, and keeps it there while a
 * closing dialog settles (a dialog closing after the click would otherwise leave focus on the page).
 */
export function focusNode(nodeId: string): void {
  const started = Date.now();
  let placed = false;
  const attempt = () => {
    const container = document.getElementById(nodeDomId(nodeId));
    const target = container?.querySelector<HTMLElement>("select, input, textarea") ?? container?.querySelector<HTMLElement>("button") ?? container;
    // the add panel traps focus until it has gone: wait for that, place focus once, then only put it
    // back if it was dropped (to the body) — never take it from where the user has since moved it
    if (target && document.querySelector('[role="dialog"]') === null) {
      const active = document.activeElement;
      const dropped = active === null || active === document.body;
      if ((!placed || dropped) && !container!.contains(active)) target.focus();
      if (placed) return;
      placed = true;
    }
    if (Date.now() - started < 2000) setTimeout(attempt, 50);
  };
  setTimeout(attempt, 0);
}
