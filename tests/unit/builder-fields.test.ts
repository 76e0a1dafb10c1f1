import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldDefault, fieldsFor, switchShape, variantValue } from "../../app/components/builder/values";
import { builderCatalogue, describeForBuilder, type BuilderCondition, type BuilderField } from "../../app/segments/builder-fields";
import { CONDITION_TYPES, specOf } from "../../app/segments/conditions/catalogue";
import { FAMILIES } from "../../app/segments/conditions/spec";
import { NodeId } from "../../app/segments/conditions/field-rules";
import { defineCondition } from "../../app/segments/conditions/spec";
import { TextMatchSchema, WindowSchema } from "../../app/segments/matches";
import { sql } from "drizzle-orm";

const TODAY = "2026-11-28";
const catalogue = builderCatalogue();
const conditions = catalogue.flatMap((f) => f.conditions);
const byType = (type: string) => conditions.find((c) => c.type === type)!;

/** Every field a condition can show, whatever its shape. */
function allFields(c: BuilderCondition): BuilderField[] {
  return [...c.fields, ...(c.shapes?.options.flatMap((o) => o.fields) ?? [])];
}

/** The schema's own keys (of every branch, for a union of shapes), without id and type. */
function schemaKeys(type: string): string[] {
  const schema = specOf({ type })!.schema as unknown as { _zod: { def: { type: string; shape?: object; options?: { _zod: { def: { shape: object } } }[] } } };
  const def = schema._zod.def;
  const shapes = def.type === "object" ? [def.shape!] : def.options!.map((o) => o._zod.def.shape);
  return [...new Set(shapes.flatMap((s) => Object.keys(s)))].filter((k) => k !== "id" && k !== "type").sort();
}

/** A valid condition for a parse check: placeholder ids where a picker must choose some. */
function parsable(c: BuilderCondition, condition: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { id: "c1", ...condition };
  for (const field of allFields(c)) if (field.kind === "id_list" && Array.isArray(filled[field.key]) && (filled[field.key] as unknown[]).length === 0) filled[field.key] = [1];
  return filled;
}

describe("the builder renders every condition of the catalogue from its schema", () => {
  it("lists every family in spec order, and every condition once", () => {
    expect(catalogue.map((f) => f.family)).toEqual(Object.keys(FAMILIES));
    expect(conditions.map((c) => c.type).sort()).toEqual([...CONDITION_TYPES].sort());
  });

  it.each(CONDITION_TYPES)("describes every field of %s (no unknown part)", (type) => {
    const c = byType(type);
    const described = [...new Set([...allFields(c).map((f) => f.key), ...(c.shapes ? [c.shapes.key] : [])])].sort();
    expect(described).toEqual(schemaKeys(type));
    for (const field of allFields(c)) {
      expect(field.label, `${type}.${field.key} label`).not.toBe("");
      if (field.kind === "match" || field.kind === "count" || field.kind === "window") {
        expect(field.variants.length, `${type}.${field.key} has operators`).toBeGreaterThan(0);
        for (const variant of field.variants) expect(variant.label).not.toBe("");
      }
      if (field.kind === "choice" || field.kind === "occurrence") expect(field.options.length).toBeGreaterThan(0);
    }
  });

  it.each(CONDITION_TYPES)("starts %s from a valid value, and every operator's defaults are valid", (type) => {
    const c = byType(type);
    const schema = specOf({ type })!.schema;
    expect(schema.safeParse(parsable(c, c.starter)).success, `${type} starter`).toBe(true);
    // a fresh text is empty on purpose (the merchant types it): start from a typed one
    const typed = (condition: Record<string, unknown>) => {
      const match = condition.match as { value?: unknown } | undefined;
      return match?.value === "" ? { ...condition, match: { ...match, value: "typed" } } : condition;
    };
    const shapes = c.shapes ? c.shapes.options.map((o) => typed(switchShape(c.starter, c, o.value, TODAY))) : [c.starter];
    for (const start of shapes) {
      for (const field of fieldsFor(c, start)) {
        if (field.kind !== "match" && field.kind !== "count" && field.kind !== "window") continue;
        for (const variant of field.variants) {
          const condition = { ...start, [field.key]: variantValue(field.discriminator, variant, start[field.key] as Record<string, unknown>, TODAY) };
          if (field.kind === "count" && condition.occurrence === "has_not_done") continue;
          const parsed = schema.safeParse(parsable(c, condition));
          expect(parsed.success, `${type} ${field.key} ${variant.value}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        }
      }
    }
  });

  it("recognises the shared parts: money in minor units, country pickers, set labels, windows and counts", () => {
    const spent = byType("total_spent").fields.find((f) => f.key === "match")!;
    expect(spent).toMatchObject({ kind: "match", part: "number", money: true });
    // a refinement of the number match (no "is set" on windowed order rules) is still the number part
    expect(spent.kind === "match" && spent.variants.map((v) => v.value)).toEqual(["eq", "neq", "gt", "gte", "lt", "lte", "between"]);
    expect(byType("order_count").fields.find((f) => f.key === "match")).toMatchObject({ money: false });
    expect(byType("country").fields[0]).toMatchObject({ kind: "match", part: "text", picker: "country" });
    const consent = byType("email_subscription").fields[0];
    expect(consent.kind === "match" && consent.variants[0].inputs[0]).toMatchObject({
      input: "choice_list",
      options: expect.arrayContaining([{ value: "not_subscribed", label: "Never subscribed" }]),
    });
    expect(byType("product_views").fields.map((f) => [f.kind, f.key])).toEqual([
      ["choice", "action"], ["id_list", "productIds"], ["id_list", "categoryIds"], ["occurrence", "occurrence"], ["count", "count"], ["window", "window"],
    ]);
    expect(byType("coupon_activity").fields.filter((f) => f.kind === "id_list").map((f) => f.kind === "id_list" && f.picker)).toEqual(["coupon", "campaign"]);
    expect(byType("tag").fields.map((f) => f.kind)).toEqual(["choice", "tag_list", "choice"]);
    expect(byType("custom_attribute")).toMatchObject({ fields: [{ kind: "attribute_key" }], shapes: { key: "valueType", options: [{ value: "text" }, { value: "number" }, { value: "boolean" }, { value: "date" }] } });
  });

  it("empties the example's placeholder product ids, so the merchant picks real ones", () => {
    expect(byType("purchased_product").starter.productIds).toEqual([]);
    expect(fieldDefault(byType("purchased_product").fields[0], TODAY)).toEqual([]);
  });

  it("fails loudly on a condition built from a part it does not know", () => {
    const odd = defineCondition({
      type: "odd" as const,
      family: "properties",
      label: "Odd",
      description: "A condition with a part the builder was never taught",
      valueType: "text",
      operators: ["is"],
      schema: z.object({ id: NodeId, type: z.literal("odd"), match: TextMatchSchema, window: WindowSchema.optional(), weight: z.bigint() }),
      example: () => ({ type: "odd" as const, match: { operator: "is" as const, value: "x" }, weight: 1n }),
      operatorOf: () => "is",
      compile: () => sql`1`,
      dependencies: () => [],
      timeEdges: () => [],
      describe: () => "odd",
    });
    expect(() => describeForBuilder(odd as never)).toThrow(/does not know the field “weight”/);
  });

  it("is plain data the loader can send to the browser", () => {
    expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
  });
});
