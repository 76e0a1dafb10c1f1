/**
 * Upgrades stored definitions to the current format. Each format change adds one step
 * (`from` → `from + 1`) here and bumps DEFINITION_VERSION; stored rows are upgraded on read.
 */
type Step = { from: number; migrate: (definition: Record<string, unknown>) => Record<string, unknown> };

/** No format change yet: version 1 is the first. */
const STEPS: Step[] = [];

export const CURRENT_VERSION = 1 as const;

export function migrateDefinition(input: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { ok: false, message: "A definition must be a JSON object" };
  let value = input as Record<string, unknown>;
  const version = value.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: "A definition needs a whole-number version (the current format is 1)" };
  }
  if (version > CURRENT_VERSION) return { ok: false, message: `Definition version ${version} is newer than this app understands (${CURRENT_VERSION})` };
  for (let v = version; v < CURRENT_VERSION; v++) {
    const step = STEPS.find((s) => s.from === v);
    if (!step) return { ok: false, message: `No migration from definition version ${v}` };
    value = { ...step.migrate(value), version: v + 1 };
  }
  return { ok: true, value };
}
