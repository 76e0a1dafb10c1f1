import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { attributeOptions, createImport, findImport, rejectionRows, startImport } from "../../../app/imports/imports.server";
import { readHead, sniffDelimiter } from "../../../app/imports/csv.server";
import { guessMapping } from "../../../app/imports/fields";
import { importJob } from "../../../app/jobs/import-jobs.server";
import { JobRunner } from "../../../app/jobs/runner.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { createSegment } from "../../../app/models/segments.server";
import type { Db } from "../../../db/client.server";
import { MEMBERSHIP_CAUSES } from "../../../db/enums";
import { createContact, createShop } from "../../factories/store";
import { createTempDir, createTestDb } from "../../helpers/test-db";

/**
 * A merchant imports a CSV of contacts with good, bad and duplicate rows: the summary counts and the
 * rejected-rows report are exact, tags carry the source `import`, segments move with cause
 * `import`, and importing the same file again changes nothing.
 */
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const FILE = [
  "Email,Phone,First Name,Last Name,Country Code,City,Birthday,Language,Accepts Email Marketing,SMS consent,Tags,Event,Event time,Loyalty points",
  'ada@example.com,,Ada,Lovelace,GB,London,1990-12-10,en,yes,,"VIP, Newsletter",subscription_cancelled,2026-10-01T10:00:00Z,120',
  "not-an-email,,Bad,,,,,,,,,,,",
  "bob@example.com,,Bob,,DE,,,,maybe,,,,,",
  "cy@example.com,,Cy,,,,1990-02-30,,,,,,,",
  ",,Nobody,,,,,,,,,,,",
  "dee@example.com,,Dee,,,,,,,,,teleported,2026-10-01,",
  'ADA@example.com,,Ada,Lovelace,GB,London,1990-12-10,en,yes,,"Newsletter, VIP",subscription_cancelled,2026-10-01T10:00:00Z,120',
  ",020 7946 0958,Eve,,GB,,,,,subscribed,Imported,,,",
  "grace@example.com,,Grace,,,,,,yes,unsubscribed,VIP,,,",
  "hal@example.com,,Hal,,,,,,subscribed,,,,,",
  "ada@example.com,,Adeline,,,,,,,,,subscription_started,2026-09-01,",
  "bad@,,,,XX,,,,,,,,,lots",
].join("\r\n");

const tmp = createTempDir("segmentflow-import-");
afterAll(() => tmp.cleanup());

const db: Db = createTestDb();
const shop = createShop(db, { timeZone: "Europe/London" });
db.$client.prepare(`INSERT INTO attribute_definitions (shop_id, key, label, type, source, created_at) VALUES (?, 'loyalty_points', 'Loyalty points', 'number', 'import', 0)`).run(shop.id);
const grace = createContact(db, shop.id, { platformId: "9001", email: "grace@example.com", firstName: "Grace", smsConsent: "subscribed", phone: "+14155550101" });
const hal = createContact(db, shop.id, { platformId: null, email: "hal@example.com", firstName: "Hal", emailConsent: "unsubscribed" });
const runner = new JobRunner({ db, definitions: [importJob], now: () => NOW });

async function segment(name: string, condition: Record<string, unknown>): Promise<number> {
  const created = createSegment(db, { shopId: shop.id, name, now: NOW, definition: { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c", ...condition }] } } });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  await computeSegment(db, { segmentId: created.segment.id, clock: () => NOW });
  return created.segment.id;
}
const vips = await segment("Imported VIPs", { type: "tag", operator: "has_any", tags: ["vip"], source: "import" });
const cancelled = await segment("Cancelled a subscription", { type: "subscription", action: "cancelled", occurrence: "has_done" });

/** Uploads (as the route does after streaming the file to disk), maps as guessed, starts and runs the job. */
async function importFile(name: string) {
  const path = join(tmp.dir, name);
  writeFileSync(path, FILE);
  const delimiter = await sniffDelimiter(path);
  const head = await readHead(path, { delimiter, rows: 5 });
  const importId = createImport(db, { shopId: shop.id, fileName: name, filePath: path, fileBytes: FILE.length, delimiter, header: head.header, preview: head.rows, now: NOW });
  const mapping = guessMapping(head.header, attributeOptions(db, shop.id));
  const started = startImport(db, { shopId: shop.id, importId, form: Object.fromEntries(mapping.map((m, i) => [`column-${i}`, m])), now: NOW });
  expect(started).toEqual({ ok: true });
  await runner.drain();
  return findImport(db, { shopId: shop.id, importId })!;
}

const count = (sql: string) => db.$client.prepare(sql).pluck().get(shop.id) as number;
const totals = () => ({
  contacts: count(`SELECT count(*) FROM contacts WHERE shop_id = ?`),
  events: count(`SELECT count(*) FROM events WHERE shop_id = ?`),
  tags: count(`SELECT count(*) FROM contact_tags WHERE shop_id = ?`),
  attributes: count(`SELECT count(*) FROM contact_attributes WHERE shop_id = ?`),
  membershipChanges: count(`SELECT count(*) FROM membership_changes WHERE shop_id = ?`),
  consentChanges: count(`SELECT count(*) FROM consent_changes WHERE shop_id = ?`),
});

describe("importing a CSV of contacts", () => {
  let first: NonNullable<ReturnType<typeof findImport>>;
  let afterFirst: ReturnType<typeof totals>;

  it("guesses the mapping from the header, Shopify's export spellings included", async () => {
    const head = await readHead(join(tmp.dir, "probe.csv"), { delimiter: ",", rows: 0 }).catch(() => null);
    expect(head).toBeNull(); // no such file: the read fails instead of hanging
    const header = FILE.split("\r\n")[0].split(",");
    expect(guessMapping(header, attributeOptions(db, shop.id))).toEqual([
      "email", "phone", "first_name", "last_name", "country", "city", "birthday", "language", "email_consent", "sms_consent", "tags", "event", "event_time", "attribute:loyalty_points",
    ]);
  });

  it("counts good, rejected and duplicate rows exactly and reports every problem by row and column", async () => {
    first = await importFile("contacts.csv");
    expect(first.status).toBe("done");
    expect(first.filePath).toBeNull();
    expect(first.counts).toEqual({
      rows: 12, imported: 5, rejected: 6, duplicates: 1,
      created: 2, updated: 2, unchanged: 1,
      tagged: 3, attributes: 1, events: 2, consentChanged: 3, consentKept: 2,
    });
    expect([...rejectionRows(db, { shopId: shop.id, importId: first.id })]).toEqual([
      { row: 3, column: "Email", value: "not-an-email", reason: "not an email address" },
      { row: 4, column: "Accepts Email Marketing", value: "maybe", reason: "unknown consent value; use subscribed, unsubscribed or not_subscribed (or yes/no)" },
      { row: 5, column: "Birthday", value: "1990-02-30", reason: "not a birthday (YYYY-MM-DD, a past date)" },
      { row: 6, column: "Email / Phone", value: "", reason: "a row needs an email or a phone" },
      { row: 7, column: "Event", value: "teleported", reason: "unknown event type; use one of page_viewed, search_submitted, subscription_started, subscription_cancelled" },
      { row: 8, column: "", value: "", reason: "duplicate of row 2" },
      { row: 13, column: "Country Code", value: "XX", reason: "not an ISO 3166 country code (two letters, e.g. DE, US, GB)" },
      { row: 13, column: "Email", value: "bad@", reason: "not an email address" },
      { row: 13, column: "Loyalty points", value: "lots", reason: "not a number (digits with an optional . for decimals)" },
    ]);
    afterFirst = totals();
  });

  it("creates contacts with registration source import, their first row deciding, and tags with source import", () => {
    const ada = db.$client.prepare(`SELECT id, first_name, country_code, birthday_md, language, registration_source, email_consent FROM contacts WHERE shop_id = ? AND email = 'ada@example.com'`).get(shop.id) as Record<string, unknown>;
    expect(ada).toMatchObject({ first_name: "Ada", country_code: "GB", birthday_md: 1210, language: "en", registration_source: "import", email_consent: "subscribed" });
    const eve = db.$client.prepare(`SELECT first_name, sms_consent, registration_source FROM contacts WHERE shop_id = ? AND phone = '+442079460958'`).get(shop.id);
    expect(eve).toEqual({ first_name: "Eve", sms_consent: "subscribed", registration_source: "import" });
    const tags = db.$client.prepare(`SELECT c.first_name, t.name, ct.source FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.id = ct.contact_id WHERE ct.shop_id = ? ORDER BY c.first_name, t.name`).all(shop.id);
    expect(tags).toEqual([
      { first_name: "Ada", name: "Newsletter", source: "import" },
      { first_name: "Ada", name: "VIP", source: "import" },
      { first_name: "Eve", name: "Imported", source: "import" },
      { first_name: "Grace", name: "VIP", source: "import" },
    ]);
    const events = db.$client.prepare(`SELECT type, occurred_at, source FROM events WHERE contact_id = ? ORDER BY occurred_at`).all(ada.id);
    expect(events).toEqual([
      { type: 80, occurred_at: Date.UTC(2026, 7, 31, 23), source: 4 }, // 2026-09-01 in London (BST)
      { type: 81, occurred_at: Date.UTC(2026, 9, 1, 10), source: 4 },
    ]);
    expect(db.$client.prepare(`SELECT number_value FROM contact_attributes WHERE contact_id = ?`).pluck().get(ada.id)).toBe(120);
  });

  it("never re-subscribes an unsubscribed contact, leaves platform customers' subscriptions to the platform, and writes unsubscribes back", () => {
    expect(db.$client.prepare(`SELECT email_consent FROM contacts WHERE id = ?`).pluck().get(hal.id)).toBe("unsubscribed");
    expect(db.$client.prepare(`SELECT email_consent, sms_consent FROM contacts WHERE id = ?`).get(grace.id)).toEqual({ email_consent: "not_subscribed", sms_consent: "unsubscribed" });
    const changes = db.$client.prepare(`SELECT c.first_name, cc.channel, cc.state, cc.source, cc.writeback_status FROM consent_changes cc JOIN contacts c ON c.id = cc.contact_id WHERE cc.shop_id = ? ORDER BY cc.id`).all(shop.id);
    expect(changes).toEqual([
      { first_name: "Ada", channel: "email", state: "subscribed", source: "import", writeback_status: "skipped" },
      { first_name: "Eve", channel: "sms", state: "subscribed", source: "import", writeback_status: "skipped" },
      { first_name: "Grace", channel: "sms", state: "unsubscribed", source: "import", writeback_status: "pending" },
    ]);
    expect(count(`SELECT count(*) FROM jobs WHERE shop_id = ? AND type = 'messages.consent-writeback'`)).toBe(1);
  });

  it("moves segment members with cause import", () => {
    const changes = db.$client
      .prepare(`SELECT m.segment_id, c.first_name, m.kind, m.cause, m.cause_detail FROM membership_changes m JOIN contacts c ON c.id = m.contact_id WHERE m.shop_id = ? ORDER BY m.segment_id, c.first_name`)
      .all(shop.id);
    expect(changes).toEqual([
      { segment_id: vips, first_name: "Ada", kind: 1, cause: MEMBERSHIP_CAUSES.import, cause_detail: `import #${first.id}` },
      { segment_id: vips, first_name: "Grace", kind: 1, cause: MEMBERSHIP_CAUSES.import, cause_detail: `import #${first.id}` },
      { segment_id: cancelled, first_name: "Ada", kind: 1, cause: MEMBERSHIP_CAUSES.import, cause_detail: `import #${first.id}` },
    ]);
  });

  it("changes nothing when the same file is imported again", async () => {
    const second = await importFile("contacts-again.csv");
    expect(second.counts).toEqual({
      rows: 12, imported: 5, rejected: 6, duplicates: 1,
      created: 0, updated: 0, unchanged: 5,
      tagged: 0, attributes: 0, events: 0, consentChanged: 0, consentKept: 2,
    });
    expect(totals()).toEqual(afterFirst);
    expect([...rejectionRows(db, { shopId: shop.id, importId: second.id })]).toHaveLength(9);
    expect(existsSync(join(tmp.dir, "contacts-again.csv"))).toBe(false); // the upload is removed once imported
  });

  it("judges the file the same when it is imported in slices with a restart between each", async () => {
    const other = createShop(db, { timeZone: "Europe/London" });
    db.$client.prepare(`INSERT INTO attribute_definitions (shop_id, key, label, type, source, created_at) VALUES (?, 'loyalty_points', 'Loyalty points', 'number', 'import', 0)`).run(other.id);
    const path = join(tmp.dir, "sliced.csv");
    writeFileSync(path, FILE);
    const head = await readHead(path, { delimiter: ",", rows: 5 });
    const importId = createImport(db, { shopId: other.id, fileName: "sliced.csv", filePath: path, fileBytes: FILE.length, delimiter: ",", header: head.header, preview: head.rows, now: NOW });
    const mapping = guessMapping(head.header, attributeOptions(db, other.id));
    startImport(db, { shopId: other.id, importId, form: Object.fromEntries(mapping.map((m, i) => [`column-${i}`, m])), now: NOW });
    let slices = 0;
    for (let result = "more"; result === "more"; slices++) {
      vi.resetModules(); // a fresh process: nothing the previous slice saw is in memory
      const { runImportSlice } = await import("../../../app/imports/run.server");
      result = await runImportSlice(db, { shopId: other.id, importId, now: () => NOW, maxRows: 5 });
    }
    expect(slices).toBe(3); // 5 + 5 + 2 rows
    const sliced = findImport(db, { shopId: other.id, importId })!;
    // Grace and Hal are new in this shop (held here alone, so their subscriptions apply)
    expect(sliced.counts).toEqual({ ...first.counts, created: 4, updated: 1, unchanged: 0, consentChanged: 4, consentKept: 0 });
    expect([...rejectionRows(db, { shopId: other.id, importId })]).toEqual([...rejectionRows(db, { shopId: shop.id, importId: first.id })]);
  });

  it("refuses a mapping without an email or phone column, naming the problem, and changes nothing", async () => {
    const path = join(tmp.dir, "names.csv");
    writeFileSync(path, "First Name,Tags\nAda,VIP\n");
    const importId = createImport(db, { shopId: shop.id, fileName: "names.csv", filePath: path, fileBytes: 20, delimiter: ",", header: ["First Name", "Tags"], preview: [["Ada", "VIP"]], now: NOW });
    const result = startImport(db, { shopId: shop.id, importId, form: { "column-0": "first_name", "column-1": "tags" }, now: NOW });
    expect(result).toEqual({ ok: false, problems: [{ column: "", message: "map a column to Email or Phone: contacts are matched by them" }] });
    expect(findImport(db, { shopId: shop.id, importId })!.status).toBe("uploaded");
    expect(startImport(db, { shopId: shop.id, importId, form: { "column-0": "first_name", "column-1": "nonsense" }, now: NOW }).ok).toBe(false);
  });
});
