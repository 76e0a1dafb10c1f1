import type { SegmentDefinition } from "../segments/definition";
import { isTimeRelative, segmentDependencies } from "../segments/dependencies";

/** Dependencies and time-relativity of a definition, as the real-time paths need them. */
export function dependenciesFor(definition: SegmentDefinition) {
  return { dependencies: segmentDependencies(definition), timeRelative: isTimeRelative(definition) };
}
