import type { Statement } from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Condition } from "../../../app/segments/conditions/catalogue";
import { compileNode, contactQuery, membersQuery } from "../../../app/segments/compile";
import { nodesOf, type DefinitionNode, type SegmentDefinition } from "../../../app/segments/definition";
import type { Db } from "../../../db/client.server";
import { SeededRandom } from "../../../db/seed/random";
import { catalogueOperatorPairs, pairKey, pairOf } from "../../generators/random-definitions";
import { addDays, dayStart, localDate } from "../../reference/calendar";
import { eligibleContacts, evaluateNode } from "../../reference/evaluate";
import { eventSelection } from "../../reference/behaviour";
import { buildShops, type Shop } from "./differential-stores";

/**
 * The differential test of the segment engine. Small generated stores (several seeds, anchors and
 * shop time zones, two shops per database, plus hand-made edge rows; see differential-stores.ts)
 * are queried with thousands of random definitions; the bulk SQL (`membersQuery`), the per-contact
 * SQL (`contactQuery`) and a plain in-memory reference evaluator (tests/reference) must select
 * exactly the same contacts.
 *
 * DIFFERENTIAL_DEFINITIONS=50000 (npm run test:differential) runs a longer search.
 */

const DEFINITIONS = Number(process.env.DIFFERENTIAL_DEFINITIONS ?? 5000);

// ── running the compiled SQL ─────────────────────────────────────────────────────────────────

const dialect = new SQLiteSyncDialect();
type Context = { shopId: number; now: number; timeZone: string };

class SqlRunner {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  /** The contact ids a query selects (its first column). */
  ids(query: SQL): number[] {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return this.prepare(text).pluck().all(...params) as number[];
  }

  /**
   * The members of every node of a definition at once: one row per eligible contact with one
   * column per node, each the node's bulk-mode predicate as `membersQuery` embeds it. Checking
   * each node (not only the root) finds a wrong condition that the rest of its tree hides.
   */
  nodeMembers(definition: SegmentDefinition, ctx: Context): Map<string, Set<number>> {
    const nodes = nodesOf(definition.root);
    const columns = nodes.map((node) => sql`coalesce(${compileNode(node, { ...ctx, mode: "bulk" })}, 0)`);
    const query = sql`SELECT c.id, ${sql.join(columns, sql`, `)} FROM contacts c
      WHERE c.shop_id = ${ctx.shopId} AND c.deleted_at IS NULL AND c.redacted_at IS NULL`;
    const { sql: text, params } = dialect.sqlToQuery(query);
    const rows = this.prepare(text).raw(true).all(...params) as number[][];
    return new Map(nodes.map((node, i) => [node.id, new Set(rows.filter((row) => row[i + 1] !== 0).map((row) => row[0]))]));
  }

  /**
   * `contactQuery` of one definition as a test of any contact: compiled once, since the contact id
   * is its first parameter and nothing else depends on it (checked with a sentinel id).
   */
  perContact(definition: SegmentDefinition, ctx: Context): (contactId: number) => boolean {
    const SENTINEL = -987_654_321;
    const { sql: text, params } = dialect.sqlToQuery(contactQuery(definition, ctx, SENTINEL));
    if (params[0] !== SENTINEL || params.lastIndexOf(SENTINEL) !== 0) throw new Error("contactQuery no longer binds the contact id first and once");
    const statement = this.prepare(text).pluck();
    const rest = params.slice(1);
    return (contactId) => statement.all(contactId, ...rest).length > 0;
  }

  private prepare(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.db.$client.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

// ── diagnosis ────────────────────────────────────────────────────────────────────────────────

function asDefinition(node: DefinitionNode): SegmentDefinition {
  return { version: 1, root: node.type === "group" ? node : { id: "diagnosis-root", type: "group", match: "all", children: [node] } };
}

/** Everything stored about a contact that a condition could read. */
function rowsOf(shop: Shop, contactId: number, condition: Condition | undefined): string {
  const { store } = shop;
  const lines = [`    contact ${JSON.stringify(store.contacts.find((c) => c.id === contactId))}`];
  const show = (label: string, rows: unknown[]) => {
    if (rows.length) lines.push(`    ${label} (${rows.length}): ${rows.slice(0, 10).map((r) => JSON.stringify(r)).join(" ")}${rows.length > 10 ? " …" : ""}`);
  };
  const type = condition?.type ?? "";
  const events = store.events.filter((e) => e.contact_id === contactId);
  if (condition && "action" in condition) show("events of the type", events.filter((e) => e.type === eventSelection(condition as never).type));
  else if (!condition) show("events", events);
  if (/order|spent|purchased/.test(type) || !condition) {
    show("orders", store.orders.filter((o) => o.contact_id === contactId));
    show("order lines", store.orderLines.filter((l) => l.contact_id === contactId).map((l) => ({ ...l, categories: [...(store.productCategories.get(l.product_id ?? 0) ?? [])] })));
  }
  if (type === "tag" || !condition) show("tags", store.contactTags.filter((t) => t.contact_id === contactId).map((t) => ({ ...t, name_key: store.tags.find((x) => x.id === t.tag_id)?.name_key })));
  if (type === "custom_attribute" || !condition) {
    show("attributes", store.contactAttributes.filter((a) => a.contact_id === contactId).map((a) => ({ ...a, key: store.attributeDefinitions.find((d) => d.id === a.attribute_id)?.key })));
  }
  return lines.join("\n");
}

/** The innermost nodes of a failing definition on which the SQL and the reference disagree. */
function culprits(shop: Shop, definition: SegmentDefinition, runner: SqlRunner): DefinitionNode[] {
  const ctx = { shopId: shop.shopId, ...shop.clock };
  const inTree = runner.nodeMembers(definition, ctx);
  const disagreeing = nodesOf(definition.root).filter((node) => {
    const expected = evaluateNode(node, shop.store, shop.clock);
    if (!sameSet(expected, inTree.get(node.id)!)) return true;
    if (!sameSet(expected, new Set(runner.ids(membersQuery(asDefinition(node), ctx))))) return true;
    const isMember = runner.perContact(asDefinition(node), ctx);
    return shop.store.contacts.some((c) => isMember(c.id) !== expected.has(c.id));
  });
  const leaves = disagreeing.filter((n) => n.type !== "group");
  return leaves.length ? leaves : disagreeing.slice(-1);
}

function diagnose(shop: Shop, definition: SegmentDefinition, nodes: DefinitionNode[], runner: SqlRunner): string {
  const ctx = { shopId: shop.shopId, ...shop.clock };
  const report: string[] = [
    `store: ${shop.setup.story} (shop ${shop.shopId}, now ${new Date(shop.clock.now).toISOString()}, ${shop.clock.timeZone})`,
    `definition: ${JSON.stringify(definition)}`,
  ];
  for (const node of nodes) {
    const expected = evaluateNode(node, shop.store, shop.clock);
    const bulk = new Set(runner.ids(membersQuery(asDefinition(node), ctx)));
    const perContact = runner.perContact(asDefinition(node), ctx);
    const differing = shop.store.contacts.map((c) => c.id).filter((id) => expected.has(id) !== bulk.has(id) || expected.has(id) !== perContact(id));
    report.push(`node ${node.id}: ${JSON.stringify(node)} — ${differing.length} contacts differ`);
    for (const id of differing.slice(0, 3)) {
      report.push(`  contact ${id}: reference ${expected.has(id)}, bulk SQL ${bulk.has(id)}, per-contact SQL ${perContact(id)}`);
      report.push(rowsOf(shop, id, node.type === "group" ? undefined : node));
    }
  }
  return report.join("\n");
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

describe("the compiled segment SQL agrees with the reference evaluator", () => {
  let shops: Shop[];
  beforeAll(() => {
    shops = buildShops(DEFINITIONS);
  }, 600_000);

  it("runs on stores that hold the edge cases the comparison relies on", () => {
    for (const shop of shops) {
      const { store, clock } = shop;
      const others = shops.filter((s) => s.db === shop.db && s !== shop);
      expect(others.length, "every database holds two shops").toBe(1);
      expect(store.contacts.some((c) => c.deleted_at !== null) && store.contacts.some((c) => c.redacted_at !== null)).toBe(true);
      expect(store.orders.some((o) => o.contact_id === null)).toBe(true);
      expect(store.orders.some((o) => o.refunded_minor === o.total_minor && o.total_minor > 0 && o.cancelled_at === null)).toBe(true);
      expect(store.orderLines.some((l) => l.refunded_quantity === l.quantity)).toBe(true);
      expect(store.contactAttributes.some((a) => a.number_value !== null && a.number_value > clock.now)).toBe(true);
      expect(store.contacts.some((c) => c.first_name === "") && store.contacts.some((c) => c.city === null)).toBe(true);
      expect(store.contacts.filter((c) => c.first_name?.toLowerCase() === "élodie").length).toBe(3);
    }
    const zoneDays = (shop: Shop) => {
      const today = localDate(shop.clock.now, shop.clock.timeZone);
      const lengths = new Set<number>();
      for (let d = addDays(today, -365); d <= today; d = addDays(d, 1)) lengths.add(dayStart(addDays(d, 1), shop.clock.timeZone) - dayStart(d, shop.clock.timeZone));
      return lengths;
    };
    expect(shops.filter((s) => zoneDays(s).size > 1).length, "shops with a DST change in the last year").toBeGreaterThanOrEqual(3);
  });

  it("exercises every condition type and operator of the catalogue at least 20 times", () => {
    const seen = new Map(catalogueOperatorPairs().map((pair) => [pairKey(pair), 0]));
    for (const shop of shops) {
      for (const definition of shop.definitions) {
        for (const node of nodesOf(definition.root)) if (node.type !== "group") seen.set(pairKey(pairOf(node)), (seen.get(pairKey(pairOf(node))) ?? 0) + 1);
      }
    }
    const counts = [...seen.values()];
    const rarest = [...seen].sort((a, b) => a[1] - b[1]).slice(0, 5).map(([pair, n]) => `${pair} ${n}`);
    console.log(`coverage: ${seen.size} (type, operator) pairs, each used ${Math.min(...counts)}–${Math.max(...counts)} times (rarest: ${rarest.join(", ")})`);
    const rare = [...seen].filter(([, n]) => n < 20);
    expect(rare, "pairs used fewer than 20 times").toEqual([]);
  });

  it("mostly asks questions that select some contacts but not all", () => {
    let informative = 0;
    let total = 0;
    for (const shop of shops) {
      const eligible = eligibleContacts(shop.store).length;
      for (const [i, definition] of shop.definitions.entries()) {
        const members = shop.expected[i].get(definition.root.id)!;
        total++;
        if (members.size > 0 && members.size < eligible) informative++;
      }
    }
    console.log(`selectivity: ${informative} of ${total} definitions (${((100 * informative) / total).toFixed(1)}%) select some contacts but not all`);
    expect(informative / total).toBeGreaterThanOrEqual(0.5);
  });

  it(
    `selects exactly the reference's members with the bulk SQL and the per-contact SQL (${DEFINITIONS} definitions)`,
    () => {
      const reports: string[] = [];
      const failingNodes = new Map<string, number>();
      let failing = 0;
      let contactChecks = 0;
      for (const shop of shops) {
        const runner = new SqlRunner(shop.db);
        const ctx = { shopId: shop.shopId, ...shop.clock };
        const random = new SeededRandom(shop.shopId);
        const contactIds = shop.store.contacts.map((c) => c.id);
        // contacts of the other shop in the same database are never members
        const strangers = shops.filter((s) => s.db === shop.db && s !== shop).flatMap((s) => s.store.contacts.slice(0, 2).map((c) => c.id));
        shop.definitions.forEach((definition, i) => {
          const expectedNodes = shop.expected[i];
          const expected = expectedNodes.get(definition.root.id)!;
          const bulk = new Set(runner.ids(membersQuery(definition, ctx)));
          const nodes = runner.nodeMembers(definition, ctx);
          const nodesAgree = [...expectedNodes].every(([id, members]) => sameSet(members, nodes.get(id)!));
          // per contact: a sample for every definition (members, non-members, deleted, redacted, another shop's), everyone for some
          const sample =
            i % 10 === 0
              ? [...contactIds, ...strangers]
              : [...Array.from({ length: 10 }, () => random.pick(contactIds)), ...[...expected].slice(0, 4), ...[...bulk].slice(-4), random.pick(strangers)];
          const isMember = runner.perContact(definition, ctx);
          const perContactAgrees = sample.every((id) => {
            contactChecks++;
            return isMember(id) === expected.has(id);
          });
          if (sameSet(expected, bulk) && nodesAgree && perContactAgrees) return;
          failing++;
          const nodesToBlame = culprits(shop, definition, runner);
          for (const node of nodesToBlame) {
            const key = node.type === "group" ? "group" : pairKey(pairOf(node));
            failingNodes.set(key, (failingNodes.get(key) ?? 0) + 1);
          }
          if (reports.length < 3) reports.push(diagnose(shop, definition, nodesToBlame, runner));
        });
      }
      console.log(`compared ${DEFINITIONS} definitions: bulk SQL for every one and each of its nodes, per-contact SQL in ${contactChecks} contact checks`);
      const summary = [...failingNodes].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key}: ${n}`).join(", ");
      expect(failing, `${failing} definitions disagree; disagreeing conditions: ${summary}\n\n${reports.join("\n\n")}`).toBe(0);
    },
    Math.max(120_000, DEFINITIONS * 40),
  );
});
