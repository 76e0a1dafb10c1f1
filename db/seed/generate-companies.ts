import { sql } from "drizzle-orm";
import type { Db } from "../client.server";
import { DAY_MS } from "./context";
import { SeededRandom } from "./random";
import { COMPANIES } from "./reference-data";

/**
 * B2B: about one contact in 25 with a customer account is a contact of a company (a few of two,
 * a few whose company contact was deleted since), with `company_count` recomputed from the rows.
 * Its own random stream, so the rest of the store is unchanged.
 */
export function generateCompanies(db: Db, { shopId, seed, anchor }: { shopId: number; seed: number; anchor: number }): number {
  const random = new SeededRandom(seed * 7 + 0xb2b);
  const sqlite = db.$client;
  const candidates = sqlite.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND account_state IS NOT NULL ORDER BY id`).pluck().all(shopId) as number[];
  const insert = sqlite.prepare(`INSERT INTO company_contacts (shop_id, contact_id, platform_id, company_platform_id, company_name, source_updated_at, deleted_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  for (const contactId of candidates) {
    if (!random.chance(0.04)) continue;
    const companies = random.chance(0.1) ? 2 : 1;
    for (let k = 0; k < companies; k++) {
      const company = random.int(0, COMPANIES.length - 1);
      const at = anchor - random.int(1, 700) * DAY_MS;
      const deleted = random.chance(0.1) ? at + random.int(1, 30) * DAY_MS : null;
      insert.run(shopId, contactId, String(9_100_000_000 + ++n), String(9_000_000_000 + company), COMPANIES[company], at * 1000, deleted, at, deleted ?? at);
    }
  }
  db.run(sql`UPDATE contacts SET company_count = (
      SELECT count(*) FROM company_contacts cc WHERE cc.contact_id = contacts.id AND cc.deleted_at IS NULL
    ) WHERE shop_id = ${shopId} AND id IN (SELECT contact_id FROM company_contacts WHERE shop_id = ${shopId})`);
  return n;
}
