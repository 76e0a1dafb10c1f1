import type { Condition } from "../conditions/catalogue";
import { DEFINITION_LIMITS, parseSegmentDefinition, type DefinitionNode, type GroupNode, type SegmentDefinition } from "../definition";
import type { Expr } from "./ast";
import { fail, type Position } from "./errors";

/**
 * From mapped clauses to a definition. A clause maps to one condition or to a small group (a
 * city is country + region + city; "!= date" is before or after). Groups of the same kind as
 * their parent are spliced into it, so parse → print → parse yields the same tree; node ids are
 * assigned in order (root, c1, g1…). Limits are checked where the query breaks them.
 */

export type DraftCondition = { [K in Condition["type"]]: Omit<Extract<Condition, { type: K }>, "id"> }[Condition["type"]];
export type Part = { kind: "condition"; condition: DraftCondition; pos: Position } | { kind: "group"; match: "all" | "any"; parts: Part[]; pos: Position };

export const condition = (c: DraftCondition, pos: Position): Part => ({ kind: "condition", condition: c, pos });

/** One part, or a group of them (`all` = And, `any` = Or). */
export function combine(match: "all" | "any", parts: Part[], pos: Position): Part {
  return parts.length === 1 ? parts[0] : { kind: "group", match, parts, pos };
}

type Tree = { match: "all" | "any"; children: (Tree | Part)[]; pos: Position };

export function buildDefinition(expr: Expr, mapClause: (clause: Exclude<Expr, { kind: "and" | "or" }>) => Part): SegmentDefinition {
  const place = (into: Tree, node: Expr | Part) => {
    if ("kind" in node && (node.kind === "and" || node.kind === "or")) {
      const match = node.kind === "and" ? "all" : "any";
      if (match === into.match) node.items.forEach((item) => place(into, item));
      else {
        const group: Tree = { match, children: [], pos: node.pos };
        node.items.forEach((item) => place(group, item));
        into.children.push(group);
      }
      return;
    }
    const part = node.kind === "condition" || node.kind === "group" ? (node as Part) : mapClause(node as Exclude<Expr, { kind: "and" | "or" }>);
    if (part.kind === "group") {
      if (part.match === into.match) part.parts.forEach((p) => place(into, p));
      else {
        const group: Tree = { match: part.match, children: [], pos: part.pos };
        part.parts.forEach((p) => place(group, p));
        into.children.push(group);
      }
      return;
    }
    into.children.push(part);
  };

  let root: Tree;
  if (expr.kind === "and" || expr.kind === "or") {
    root = { match: expr.kind === "and" ? "all" : "any", children: [], pos: expr.pos };
    expr.items.forEach((item) => place(root, item));
  } else {
    const part = mapClause(expr as Exclude<Expr, { kind: "and" | "or" }>);
    root = { match: part.kind === "group" ? part.match : "all", children: [], pos: expr.pos };
    place(root, part);
  }
  return finish(root);
}

function finish(tree: Tree): SegmentDefinition {
  const positions = new Map<string, Position>();
  let conditions = 0;
  let groups = 0;
  const toNode = (node: Tree | Part, depth: number, id?: string): DefinitionNode => {
    if ("children" in node) {
      if (depth > DEFINITION_LIMITS.maxDepth) fail(node.pos, `Groups can nest at most ${DEFINITION_LIMITS.maxDepth} levels deep in a Segmentflow segment: use fewer parentheses`);
      if (node.children.length > DEFINITION_LIMITS.maxChildren) {
        fail(positionOf(node.children[DEFINITION_LIMITS.maxChildren]), `A group can hold at most ${DEFINITION_LIMITS.maxChildren} conditions and groups`);
      }
      const groupId = id ?? `g${++groups}`;
      positions.set(groupId, node.pos);
      const group: GroupNode = { id: groupId, type: "group", match: node.match, children: [] };
      group.children = node.children.map((child) => toNode(child, depth + 1));
      return group;
    }
    if (node.kind === "group") return toNode({ match: node.match, children: node.parts, pos: node.pos }, depth);
    const conditionId = `c${++conditions}`;
    if (conditions > DEFINITION_LIMITS.maxConditions) fail(node.pos, `A segment can have at most ${DEFINITION_LIMITS.maxConditions} conditions`);
    positions.set(conditionId, node.pos);
    return { id: conditionId, ...node.condition } as Condition;
  };
  const root = toNode(tree, 1, "root") as GroupNode;
  const parsed = parseSegmentDefinition({ version: 1, root });
  if (!parsed.ok) {
    const issue = parsed.issues[0];
    fail(positions.get(issue.nodeId ?? "root") ?? tree.pos, issue.message);
  }
  return parsed.definition;
}

function positionOf(node: Tree | Part): Position {
  return node.pos;
}
