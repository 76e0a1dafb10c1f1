import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addability, editDraft, emptyDraft, findNode, isGroup, nodeNames, type Draft, type DraftAction, type DraftGroup } from "../../app/components/builder/definition-editing";
import { LatestRequest } from "../../app/components/builder/latest-request";
import { decimalToMinor, issueText, minorToDecimal, variantValue, withOccurrence } from "../../app/components/builder/values";
import { mergeIssues } from "../../app/components/builder/use-segment-editor";
import { DEFINITION_LIMITS, parseSegmentDefinition } from "../../app/segments/definition";

const country = { type: "country", match: { operator: "is_any_of", values: ["US"] } };
const orders = { type: "order_count", match: { operator: "gte", value: 2 } };
const spent = { type: "total_spent", match: { operator: "gt", value: 50_000 } };

function apply(draft: Draft, ...actions: DraftAction[]): Draft {
  return actions.reduce((d, a) => editDraft(d, a, DEFINITION_LIMITS), draft);
}

function ids(draft: Draft): string[] {
  const walk = (group: DraftGroup): string[] => [group.id, ...group.children.flatMap((c) => (isGroup(c) ? walk(c) : [c.id]))];
  return walk(draft.root);
}

describe("editing a definition in the builder", () => {
  it("builds country AND (2+ orders OR spent over 500): ids are assigned, the new group is an Or, and the server accepts it", () => {
    const draft = apply(
      emptyDraft(),
      { type: "add_condition", groupId: "root", condition: country },
      { type: "add_group", groupId: "root", condition: orders },
      { type: "add_condition", groupId: "g1", condition: spent },
    );
    expect(draft.root.children.map((c) => c.id)).toEqual(["c1", "g1"]);
    expect(findNode(draft, "g1")).toMatchObject({ type: "group", match: "any", children: [{ id: "c2", type: "order_count" }, { id: "c3", type: "total_spent" }] });
    expect(parseSegmentDefinition(draft).ok).toBe(true);
  });

  it("toggles And/Or per group, leaving the others alone", () => {
    const draft = apply(emptyDraft(), { type: "add_condition", groupId: "root", condition: country }, { type: "add_group", groupId: "root", condition: orders }, { type: "set_match", groupId: "g1", match: "all" }, { type: "set_match", groupId: "root", match: "any" });
    expect(draft.root.match).toBe("any");
    expect(findNode(draft, "g1")).toMatchObject({ match: "all" });
  });

  it("duplicates a whole group with fresh ids for every node, right after the original", () => {
    const draft = apply(emptyDraft(), { type: "add_group", groupId: "root", condition: orders }, { type: "add_condition", groupId: "g1", condition: spent }, { type: "duplicate", nodeId: "g1" });
    expect(draft.root.children.map((c) => c.id)).toEqual(["g1", "g2"]);
    expect(new Set(ids(draft)).size).toBe(ids(draft).length);
    const copy = findNode(draft, "g2") as DraftGroup;
    expect(copy.children.map((c) => c.type)).toEqual(["order_count", "total_spent"]);
    expect(parseSegmentDefinition(draft).ok).toBe(true);
  });

  it("removes a condition, and a nested group that it leaves empty (the root may become empty)", () => {
    let draft = apply(emptyDraft(), { type: "add_condition", groupId: "root", condition: country }, { type: "add_group", groupId: "root", condition: orders }, { type: "add_group", groupId: "g1", condition: spent });
    draft = apply(draft, { type: "remove", nodeId: "c3" });
    expect(findNode(draft, "g2")).toBeUndefined();
    draft = apply(draft, { type: "remove", nodeId: "c2" }, { type: "remove", nodeId: "c1" }, { type: "remove", nodeId: "root" });
    expect(draft.root).toEqual({ id: "root", type: "group", match: "all", children: [] });
  });

  it("updates a condition's values without touching its id", () => {
    const draft = apply(emptyDraft(), { type: "add_condition", groupId: "root", condition: orders }, { type: "update_condition", nodeId: "c1", condition: { id: "other", type: "order_count", match: { operator: "between", min: 1, max: 3 } } });
    expect(draft.root.children).toEqual([{ id: "c1", type: "order_count", match: { operator: "between", min: 1, max: 3 } }]);
  });

  it("nests groups as deep as the limit allows (5 levels), then refuses another level and says why", () => {
    let draft = apply(emptyDraft(), { type: "add_group", groupId: "root", condition: orders });
    for (let level = 2; level < DEFINITION_LIMITS.maxDepth; level++) draft = apply(draft, { type: "add_group", groupId: `g${level - 1}`, condition: orders });
    expect(addability(draft, "g4", DEFINITION_LIMITS)).toEqual({ condition: true, group: false, reason: "Groups can nest at most 5 levels deep" });
    expect(apply(draft, { type: "add_group", groupId: "g4", condition: orders })).toBe(draft);
    expect(parseSegmentDefinition(draft).ok).toBe(true);
  });

  it("stops at the condition and children limits", () => {
    const limits = { maxConditions: 3, maxDepth: 5, maxChildren: 2 };
    let draft = emptyDraft();
    for (let i = 0; i < 3; i++) draft = editDraft(draft, { type: "add_condition", groupId: "root", condition: orders }, limits);
    expect(draft.root.children).toHaveLength(2);
    expect(addability(draft, "root", limits).reason).toBe("A group can hold at most 2 conditions and groups");
    draft = editDraft(editDraft(emptyDraft(), { type: "add_group", groupId: "root", condition: orders }, limits), { type: "add_condition", groupId: "g1", condition: spent }, limits);
    draft = editDraft(draft, { type: "add_condition", groupId: "root", condition: country }, limits);
    expect(addability(draft, "root", limits).reason).toBe("A segment can have at most 3 conditions");
    expect(editDraft(draft, { type: "duplicate", nodeId: "c1" }, limits)).toBe(draft);
  });

  it("names nodes so labels stay unique: groups by position, repeated conditions numbered", () => {
    const draft = apply(emptyDraft(), { type: "add_condition", groupId: "root", condition: country }, { type: "add_group", groupId: "root", condition: country }, { type: "add_group", groupId: "g1", condition: orders });
    const names = nodeNames(draft, (type) => ({ country: "Country", order_count: "Number of orders" })[type] ?? type);
    expect(Object.fromEntries(names)).toEqual({ root: "Segment conditions", c1: "Country", g1: "Group 1", c2: "Country (2)", g2: "Group 1.1", c3: "Number of orders" });
  });
});

describe("values in the builder's inputs", () => {
  it("keeps what fits when the operator changes", () => {
    const text = { key: "value", label: "Value", input: "text" as const };
    const list = { key: "values", label: "Values", input: "text_list" as const };
    expect(variantValue("operator", { value: "is_any_of", label: "", inputs: [list] }, { operator: "is", value: "US" }, "2026-11-28")).toEqual({ operator: "is_any_of", values: ["US"] });
    expect(variantValue("operator", { value: "is", label: "", inputs: [text] }, { operator: "is_any_of", values: ["CA", "US"] }, "2026-11-28")).toEqual({ operator: "is", value: "CA" });
    const start = { key: "start", label: "Start", input: "date" as const };
    const end = { key: "end", label: "End", input: "date" as const };
    expect(variantValue("operator", { value: "between", label: "", inputs: [start, end] }, { operator: "after", date: "2026-01-01" }, "2026-11-28")).toEqual({ operator: "between", start: "2026-01-01", end: "2026-01-01" });
  });

  it("drops the number of times when the condition becomes “has not”", () => {
    expect(withOccurrence({ occurrence: "has_done", count: { operator: "at_least", value: 2 } }, "occurrence", "has_not_done")).toEqual({ occurrence: "has_not_done" });
  });

  it("shows money as decimals and stores minor units, exactly", () => {
    expect(minorToDecimal(123456, 2)).toBe("1234.56");
    expect(minorToDecimal(50000, 2)).toBe("500");
    expect(minorToDecimal(5, 2)).toBe("0.05");
    expect(minorToDecimal(1500, 0)).toBe("1500");
    expect(decimalToMinor("250", 2)).toBe(25000);
    expect(decimalToMinor("0.1", 2)).toBe(10);
    expect(decimalToMinor("19.99", 2)).toBe(1999);
    expect(decimalToMinor("1.005", 2)).toBeNull();
    expect(decimalToMinor("12.", 2)).toBe(1200);
    expect(decimalToMinor("abc", 2)).toBeNull();
    expect(decimalToMinor("1500", 0)).toBe(1500);
  });

  it("words an issue for the row it is shown on", () => {
    expect(issueText("Country: match.values: Add at least one value", "Country")).toBe("Add at least one value");
    expect(issueText("The start date 2026-11-20 is after the end date 2026-11-01", "Last order date")).toBe("The start date 2026-11-20 is after the end date 2026-11-01");
    expect(mergeIssues([{ nodeId: "c1", message: "x" }], [{ nodeId: "c1", message: "x" }, { nodeId: null, message: "y" }])).toEqual([{ nodeId: "c1", message: "x" }, { nodeId: null, message: "y" }]);
  });
});

describe("the live count's requests", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A request whose answer the test releases when it wants, in any order. */
  function controllable() {
    const pending: { input: string; resolve: (n: number) => void; signal: AbortSignal }[] = [];
    const shown: string[] = [];
    const requests = new LatestRequest<string, number>({
      delayMs: 300,
      run: (input, signal) => new Promise((resolve) => pending.push({ input, resolve, signal })),
      onResult: (count, input) => shown.push(`${input}=${count}`),
      onError: () => shown.push("error"),
    });
    return { pending, shown, requests };
  }

  it("waits for a pause in typing and sends only the last definition", async () => {
    const { pending, requests } = controllable();
    requests.request("1");
    await vi.advanceTimersByTimeAsync(100);
    requests.request("12");
    await vi.advanceTimersByTimeAsync(100);
    requests.request("120");
    await vi.advanceTimersByTimeAsync(300);
    expect(pending.map((p) => p.input)).toEqual(["120"]);
  });

  it("never shows an older answer last, even when it arrives after the newer one", async () => {
    const { pending, shown, requests } = controllable();
    requests.request("slow first");
    await vi.advanceTimersByTimeAsync(300);
    requests.request("fast second");
    await vi.advanceTimersByTimeAsync(300);
    expect(pending[0].signal.aborted).toBe(true);
    pending[1].resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    pending[0].resolve(99); // the server finished the old count anyway
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual(["fast second=7"]);
  });

  it("forgets everything when cancelled (the page is left)", async () => {
    const { pending, shown, requests } = controllable();
    requests.request("a");
    await vi.advanceTimersByTimeAsync(300);
    requests.cancel();
    pending[0].resolve(1);
    requests.request("b");
    requests.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(shown).toEqual([]);
    expect(pending).toHaveLength(1);
  });
});
