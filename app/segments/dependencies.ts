import { specOf } from "./conditions/catalogue";
import type { ContactField, Dependency } from "./conditions/spec";
import { conditionsOf, type SegmentDefinition } from "./definition";

/**
 * What changed for a contact, as data sync and messaging report it to the engine. Only segments
 * whose conditions read the changed data are re-evaluated (the dependency index).
 */
export type ContactChange = {
  fields?: ContactField[];
  events?: { type: number; subjectId?: number | null }[];
  orders?: boolean;
  tags?: boolean;
  attributes?: string[];
  /** Anything may have changed (imports, merges, redaction): every segment is re-evaluated. */
  everything?: boolean;
};

/** The deduplicated dependencies of a definition. */
export function segmentDependencies(definition: SegmentDefinition): Dependency[] {
  const seen = new Map<string, Dependency>();
  for (const condition of conditionsOf(definition.root)) {
    for (const dependency of specOf(condition)!.dependencies(condition as never)) {
      seen.set(JSON.stringify(dependency), dependency);
    }
  }
  return [...seen.values()];
}

function dependsOn(dependency: Dependency, change: ContactChange): boolean {
  switch (dependency.kind) {
    case "contact":
      return dependency.fields.some((f) => change.fields?.includes(f));
    case "event":
      return (change.events ?? []).some(
        (e) => e.type === dependency.type && (!dependency.subjectIds || (e.subjectId != null && dependency.subjectIds.includes(e.subjectId))),
      );
    case "orders":
      return Boolean(change.orders);
    case "tags":
      return Boolean(change.tags);
    case "attribute":
      return Boolean(change.attributes?.includes(dependency.key));
  }
}

/** Can `change` alter the result of a segment with these dependencies? */
export function isAffectedBy(dependencies: Dependency[], change: ContactChange): boolean {
  return Boolean(change.everything) || dependencies.some((d) => dependsOn(d, change));
}

const PROBE_FROM = Date.UTC(2026, 0, 1);
const PROBE_TO = PROBE_FROM + 40 * 86_400_000;

/** Does membership move with time alone (relative windows, birthdays)? Then the scheduler re-checks it. */
export function isTimeRelative(definition: SegmentDefinition): boolean {
  return conditionsOf(definition.root).some(
    (c) => specOf(c)!.timeEdges(c as never, { shopId: 0, timeZone: "UTC", from: PROBE_FROM, to: PROBE_TO }).length > 0,
  );
}
