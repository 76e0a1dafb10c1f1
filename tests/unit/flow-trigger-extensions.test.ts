import { readdirSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { FLOW_TRIGGER_FIELDS, FLOW_TRIGGER_HANDLES } from "../../app/automations/flow-handles";

type Extension = { name: string; type: string; handle: string };
type Toml = { extensions: Extension[]; settings?: { fields?: { type: string; key?: string }[] } };

const root = new URL("../../extensions/", import.meta.url);

/** Every flow_trigger extension in extensions/, by handle. */
function flowTriggers(): Map<string, { extension: Extension; fields: { type: string; key?: string }[] }> {
  const found = new Map<string, { extension: Extension; fields: { type: string; key?: string }[] }>();
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    let text: string;
    try {
      text = readFileSync(new URL(`${dir.name}/shopify.extension.toml`, root), "utf8");
    } catch {
      continue;
    }
    const toml = parse(text) as unknown as Toml;
    for (const extension of toml.extensions ?? []) {
      if (extension.type === "flow_trigger") found.set(extension.handle, { extension, fields: toml.settings?.fields ?? [] });
    }
  }
  return found;
}

describe("the Shopify Flow trigger extensions", () => {
  it("declare exactly the handles the app fires", () => {
    expect([...flowTriggers().keys()].sort()).toEqual(Object.values(FLOW_TRIGGER_HANDLES).sort());
    expect(flowTriggers().get(FLOW_TRIGGER_HANDLES.entered)!.extension.name).toBe("Customer entered segment");
    expect(flowTriggers().get(FLOW_TRIGGER_HANDLES.left)!.extension.name).toBe("Customer left segment");
  });

  it("use handles Shopify accepts (at most 30 characters, letters, digits and hyphens)", () => {
    for (const handle of Object.values(FLOW_TRIGGER_HANDLES)) expect(handle).toMatch(/^[a-z0-9-]{1,30}$/);
  });

  it("declare the customer reference and the custom fields the payload carries", () => {
    for (const { fields } of flowTriggers().values()) {
      expect(fields.map((f) => f.type)).toContain("customer_reference");
      expect(fields.filter((f) => f.key).map((f) => f.key).sort()).toEqual(Object.values(FLOW_TRIGGER_FIELDS).sort());
    }
  });
});
