/**
 * Editing a segment definition in the builder, as pure functions over plain JSON. A draft may hold
 * values the server will refuse (an empty text, a start after its end): the live estimate and the
 * save report those on their node ids. What this module guarantees is the shape: unique node ids,
 * no empty nested group, and the size limits the server enforces (DEFINITION_LIMITS, passed in).
 */

export type DraftCondition = { id: string; type: string; [key: string]: unknown };
export type DraftGroup = { id: string; type: "group"; match: "all" | "any"; children: DraftNode[] };
export type DraftNode = DraftGroup | DraftCondition;
export type Draft = { version: number; root: DraftGroup };
export type Limits = { maxConditions: number; maxDepth: number; maxChildren: number };

export type DraftAction =
  /** Appends a condition (without id; one is assigned) to a group. */
  | { type: "add_condition"; groupId: string; condition: Record<string, unknown> }
  /** Appends a new group holding one condition: groups are never empty. */
  | { type: "add_group"; groupId: string; condition: Record<string, unknown> }
  | { type: "remove"; nodeId: string }
  | { type: "duplicate"; nodeId: string }
  | { type: "set_match"; groupId: string; match: "all" | "any" }
  /** Replaces a condition's fields (its id stays). */
  | { type: "update_condition"; nodeId: string; condition: Record<string, unknown> }
  | { type: "reset"; draft: Draft };

export function isGroup(node: DraftNode): node is DraftGroup {
  return node.type === "group";
}

export function emptyDraft(): Draft {
  return { version: 1, root: { id: "root", type: "group", match: "all", children: [] } };
}

function nodesOf(node: DraftNode): DraftNode[] {
  return isGroup(node) ? [node, ...node.children.flatMap(nodesOf)] : [node];
}

export function conditionCount(draft: Draft): number {
  return nodesOf(draft.root).filter((n) => !isGroup(n)).length;
}

export function findNode(draft: Draft, id: string): DraftNode | undefined {
  return nodesOf(draft.root).find((n) => n.id === id);
}

/** Depth of a group (the root is 1), or 0 when there is no such group. */
export function groupDepth(draft: Draft, groupId: string): number {
  const walk = (group: DraftGroup, depth: number): number => {
    if (group.id === groupId) return depth;
    for (const child of group.children) {
      if (!isGroup(child)) continue;
      const found = walk(child, depth + 1);
      if (found) return found;
    }
    return 0;
  };
  return walk(draft.root, 1);
}

/** What may be added to a group without breaking a limit, and why not. */
export function addability(draft: Draft, groupId: string, limits: Limits): { condition: boolean; group: boolean; reason: string | null } {
  const group = findNode(draft, groupId);
  if (!group || !isGroup(group)) return { condition: false, group: false, reason: "This group no longer exists" };
  if (conditionCount(draft) >= limits.maxConditions) {
    return { condition: false, group: false, reason: `A segment can have at most ${limits.maxConditions} conditions` };
  }
  if (group.children.length >= limits.maxChildren) {
    return { condition: false, group: false, reason: `A group can hold at most ${limits.maxChildren} conditions and groups` };
  }
  const canNest = groupDepth(draft, groupId) < limits.maxDepth;
  return { condition: true, group: canNest, reason: canNest ? null : `Groups can nest at most ${limits.maxDepth} levels deep` };
}

/** A node id not used in the draft (c1, c2… for conditions, g1, g2… for groups). */
export function freshId(draft: Draft, prefix: "c" | "g", taken: Set<string> = new Set()): string {
  const used = new Set([...nodesOf(draft.root).map((n) => n.id), ...taken]);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** Rebuilds the tree, giving each group's children to `edit` (which returns the new list). */
function mapGroups(group: DraftGroup, edit: (group: DraftGroup) => DraftNode[]): DraftGroup {
  const children = edit(group).map((child) => (isGroup(child) ? mapGroups(child, edit) : child));
  return { ...group, children };
}

/** Drops nested groups left empty (the root may be empty: the builder then shows its empty state). */
function pruneEmpty(group: DraftGroup): DraftGroup {
  const children = group.children
    .map((child) => (isGroup(child) ? pruneEmpty(child) : child))
    .filter((child) => !isGroup(child) || child.children.length > 0);
  return { ...group, children };
}

function copyWithFreshIds(node: DraftNode, draft: Draft, taken: Set<string>): DraftNode {
  const id = freshId(draft, isGroup(node) ? "g" : "c", taken);
  taken.add(id);
  if (!isGroup(node)) return { ...structuredClone(node), id };
  return { ...node, id, children: node.children.map((child) => copyWithFreshIds(child, draft, taken)) };
}

function parentOf(draft: Draft, id: string): DraftGroup | undefined {
  return nodesOf(draft.root).find((n): n is DraftGroup => isGroup(n) && n.children.some((c) => c.id === id));
}

/** The reducer: one edit of the draft. An edit that would break a limit leaves the draft unchanged. */
export function editDraft(draft: Draft, action: DraftAction, limits: Limits): Draft {
  switch (action.type) {
    case "reset":
      return action.draft;
    case "add_condition":
    case "add_group": {
      const allowed = addability(draft, action.groupId, limits);
      if (action.type === "add_condition" ? !allowed.condition : !allowed.group) return draft;
      const condition = { ...action.condition, id: freshId(draft, "c") } as DraftCondition;
      const parent = findNode(draft, action.groupId) as DraftGroup;
      const node: DraftNode =
        action.type === "add_condition"
          ? condition
          : { id: freshId(draft, "g"), type: "group", match: parent.match === "all" ? "any" : "all", children: [condition] };
      return { ...draft, root: mapGroups(draft.root, (g) => (g.id === action.groupId ? [...g.children, node] : g.children)) };
    }
    case "remove": {
      if (action.nodeId === draft.root.id) return draft;
      const root = mapGroups(draft.root, (g) => g.children.filter((c) => c.id !== action.nodeId));
      return { ...draft, root: pruneEmpty(root) };
    }
    case "duplicate": {
      const node = findNode(draft, action.nodeId);
      const parent = parentOf(draft, action.nodeId);
      if (!node || !parent) return draft;
      const added = nodesOf(node).filter((n) => !isGroup(n)).length;
      if (conditionCount(draft) + added > limits.maxConditions || parent.children.length >= limits.maxChildren) return draft;
      const copy = copyWithFreshIds(node, draft, new Set());
      return {
        ...draft,
        root: mapGroups(draft.root, (g) => (g.id === parent.id ? g.children.flatMap((c) => (c.id === node.id ? [c, copy] : [c])) : g.children)),
      };
    }
    case "set_match":
      return { ...draft, root: setMatch(draft.root, action.groupId, action.match) };
    case "update_condition": {
      const root = mapGroups(draft.root, (g) =>
        g.children.map((c) => (c.id === action.nodeId && !isGroup(c) ? ({ ...action.condition, id: c.id } as DraftCondition) : c)),
      );
      return { ...draft, root };
    }
  }
}

function setMatch(group: DraftGroup, groupId: string, match: "all" | "any"): DraftGroup {
  const self = group.id === groupId ? { ...group, match } : group;
  return { ...self, children: self.children.map((c) => (isGroup(c) ? setMatch(c, groupId, match) : c)) };
}

/**
 * Names a merchant (and a screen reader) can tell apart: the root is "Segment conditions", nested
 * groups "Group 1", "Group 1.2"…, conditions their catalogue label, numbered when one repeats.
 */
export function nodeNames(draft: Draft, labelOf: (type: string) => string): Map<string, string> {
  const names = new Map<string, string>([[draft.root.id, "Segment conditions"]]);
  const seen = new Map<string, number>();
  const walk = (group: DraftGroup, path: number[]) => {
    let groupIndex = 0;
    for (const child of group.children) {
      if (isGroup(child)) {
        groupIndex++;
        const childPath = [...path, groupIndex];
        names.set(child.id, `Group ${childPath.join(".")}`);
        walk(child, childPath);
      } else {
        const label = labelOf(child.type);
        const n = (seen.get(label) ?? 0) + 1;
        seen.set(label, n);
        names.set(child.id, n === 1 ? label : `${label} (${n})`);
      }
    }
  };
  walk(draft.root, []);
  return names;
}
