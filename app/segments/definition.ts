import { z } from "zod";
import { specOf, type Condition } from "./conditions/catalogue";
import { CURRENT_VERSION, migrateDefinition } from "./definition-migrations";

/**
 * Segment definitions: versioned JSON, a tree of And/Or groups with conditions at the leaves.
 * Every node has a stable id, so validation errors, explanations and the builder's state key on it.
 *
 *   { "version": 1, "root": { "id": "root", "type": "group", "match": "all", "children": [
 *       { "id": "c1", "type": "country", "match": { "operator": "is_any_of", "values": ["US"] } },
 *       { "id": "g1", "type": "group", "match": "any", "children": [ … ] } ] } }
 */

export const DEFINITION_VERSION = CURRENT_VERSION;

/** Documented size limits (README): beyond them a definition is refused. */
export const DEFINITION_LIMITS = { maxConditions: 100, maxDepth: 5, maxChildren: 50 } as const;

export type GroupNode = { id: string; type: "group"; match: "all" | "any"; children: DefinitionNode[] };
export type DefinitionNode = GroupNode | Condition;
export type SegmentDefinition = { version: typeof DEFINITION_VERSION; root: GroupNode };

/** A problem with a definition, on the node it concerns (null: the definition as a whole). */
export type DefinitionIssue = { nodeId: string | null; message: string };

export type ParseResult = { ok: true; definition: SegmentDefinition } | { ok: false; issues: DefinitionIssue[] };

const NODE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const GroupShape = z.object({
  id: z.string(),
  type: z.literal("group"),
  match: z.enum(["all", "any"], { message: "Choose And (all) or Or (any)" }),
  children: z.array(z.unknown()),
});

function message(issue: z.core.$ZodIssue): string {
  const where = issue.path.filter((p) => typeof p === "string").join(".");
  return where && !issue.message.includes(where) && issue.code !== "custom" ? `${where}: ${issue.message}` : issue.message;
}

/**
 * Reads a definition (object or JSON text), migrating older versions, and checks its structure:
 * every node's schema, unique ids, no empty group, and the size limits. Never casts.
 */
export function parseSegmentDefinition(raw: unknown): ParseResult {
  let input = raw;
  if (typeof input === "string") {
    try {
      input = JSON.parse(input);
    } catch {
      return { ok: false, issues: [{ nodeId: null, message: "The definition is not valid JSON" }] };
    }
  }
  const migrated = migrateDefinition(input);
  if (!migrated.ok) return { ok: false, issues: [{ nodeId: null, message: migrated.message }] };
  const top = migrated.value as { version?: unknown; root?: unknown };
  if (!top || typeof top !== "object" || top.root === undefined) {
    return { ok: false, issues: [{ nodeId: null, message: "A definition needs a root group" }] };
  }

  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  let conditions = 0;

  const parseNode = (node: unknown, depth: number): DefinitionNode | null => {
    if (!node || typeof node !== "object" || Array.isArray(node)) {
      issues.push({ nodeId: null, message: "Every node must be an object" });
      return null;
    }
    const { id, type } = node as { id?: unknown; type?: unknown };
    if (typeof id !== "string" || !NODE_ID.test(id)) {
      issues.push({ nodeId: null, message: `Node id ${JSON.stringify(id)} is not valid (1–40 letters, digits, _ or -)` });
      return null;
    }
    if (seen.has(id)) issues.push({ nodeId: id, message: `The node id “${id}” is used twice` });
    seen.add(id);
    if (type === "group") {
      const group = GroupShape.safeParse(node);
      if (!group.success) {
        issues.push(...group.error.issues.map((i) => ({ nodeId: id, message: message(i) })));
        return null;
      }
      if (depth > DEFINITION_LIMITS.maxDepth) {
        issues.push({ nodeId: id, message: `Groups can nest at most ${DEFINITION_LIMITS.maxDepth} levels deep` });
        return null;
      }
      if (group.data.children.length === 0) issues.push({ nodeId: id, message: "This group is empty: add a condition or remove the group" });
      if (group.data.children.length > DEFINITION_LIMITS.maxChildren) {
        issues.push({ nodeId: id, message: `A group can hold at most ${DEFINITION_LIMITS.maxChildren} conditions and groups` });
      }
      const children = group.data.children.map((child) => parseNode(child, depth + 1));
      return children.every((c): c is DefinitionNode => c !== null) ? { id, type: "group", match: group.data.match, children } : null;
    }
    conditions++;
    const spec = typeof type === "string" ? specOf({ type }) : undefined;
    if (!spec) {
      issues.push({ nodeId: id, message: `Unknown condition type ${JSON.stringify(type)}` });
      return null;
    }
    const parsed = spec.schema.safeParse(node);
    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((i) => ({ nodeId: id, message: `${spec.label}: ${message(i)}` })));
      return null;
    }
    return parsed.data;
  };

  const root = parseNode(top.root, 1);
  if (root && root.type !== "group") issues.push({ nodeId: root.id, message: "The root must be a group" });
  if (conditions > DEFINITION_LIMITS.maxConditions) {
    issues.push({ nodeId: null, message: `A segment can have at most ${DEFINITION_LIMITS.maxConditions} conditions (this one has ${conditions})` });
  }
  if (issues.length > 0 || !root || root.type !== "group") return { ok: false, issues };
  return { ok: true, definition: { version: DEFINITION_VERSION, root } };
}

/** Every condition of a definition, depth first. */
export function conditionsOf(node: DefinitionNode): Condition[] {
  return node.type === "group" ? node.children.flatMap(conditionsOf) : [node];
}

/** Every node (groups and conditions), depth first. */
export function nodesOf(node: DefinitionNode): DefinitionNode[] {
  return node.type === "group" ? [node, ...node.children.flatMap(nodesOf)] : [node];
}
