// The raw-SQLite floor: the appendix script of performance.md ("Segment engine performance:
// published anchors and measured SQLite limits", Part 2), copied verbatim so the benchmark measures
// the floor in the same run on the same machine. Do not edit: its figures are what the product's
// are divided by. Usage: SCALE=1 DB=./seg.db OUT=./floor.json node bench/floor/raw-sqlite.cjs
// One addition to the appendix's text, marked "EXTRAS" where used: EXTRAS (default 1 = the
// appendix's sizes, as every run from scale 0.05 up passes) multiplies the fixed sizes of three
// tests that take the same time whatever SCALE is: the webhook-like writes (10,000–200,000 rows),
// the connection settings (1,000 customers) and the parallel readers (1,000 customers per worker).
// The benchmark's small runs pass less (bench/floor/floor.ts). None of the floor figures comes
// from those tests, except that the storage figure counts the events the writes insert.
'use strict';
// Segment-engine physical-limits benchmark: better-sqlite3 12.x, Node 20.
// Usage: SCALE=1 DB=./seg.db node bench.js      (SCALE=0.02 for a smoke run)
const Database = require('better-sqlite3');
const fs = require('fs');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
if (!isMainThread) { // parallel read-only evaluator: workerData = { db, preds, ids }
  const rdb = new Database(workerData.db, { readonly: true });
  rdb.pragma('cache_size = -65536');
  const sts = workerData.preds.map((p) => rdb.prepare(`SELECT 1 FROM customers c WHERE c.id = ? AND ${p}`).pluck());
  const a = process.hrtime.bigint(); let hits = 0;
  for (const c of workerData.ids) for (const st of sts) if (st.get(c)) hits++;
  parentPort.postMessage({ ms: Number(process.hrtime.bigint() - a) / 1e6, evals: workerData.ids.length * sts.length, hits });
  rdb.close();
  return; // CommonJS top-level return: the worker does nothing else
}

const SCALE = Number(process.env.SCALE || 1);
const EXTRAS = Number(process.env.EXTRAS || 1); // not in the appendix: see the header
const extras = (n) => Math.max(1, Math.round(n * EXTRAS));
const DB = process.env.DB || './seg.db';
const N_CUST = Math.round(1_000_000 * SCALE);
const N_ORD_TARGET = Math.round(3_000_000 * SCALE);
const N_EV = Math.round(20_000_000 * SCALE);
const N_PROD = 5000, N_PAGES = 500, N_TYPES = 40;
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 10, 1);
const SHOP = 1;
const R = { scale: SCALE, sqlite: null, phases: {} };
const T0 = process.hrtime.bigint();
const tick = () => process.hrtime.bigint();
const msSince = (a) => Number(process.hrtime.bigint() - a) / 1e6;
const log = (...a) => console.log(`[${(msSince(T0) / 1000).toFixed(1)}s]`, ...a);
const fmt = (x) => Math.round(x).toLocaleString('en-US');

// ---------- deterministic PRNG + distributions ----------
let seed = 0x2545f491;
function rnd() { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }
function gauss() { let u = 0; while (u === 0) u = rnd(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd()); }
function cdfOf(weights) { const c = new Float64Array(weights.length); let a = 0; for (let i = 0; i < weights.length; i++) { a += weights[i]; c[i] = a; } for (let i = 0; i < c.length; i++) c[i] /= a; return c; }
function zipfCdf(n, s) { return cdfOf(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s))); }
function pick(cdf) { const u = rnd(); let lo = 0, hi = cdf.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cdf[m] < u) lo = m + 1; else hi = m; } return lo; }

const COUNTRIES = ['US', 'GB', 'CA', 'AU', 'DE', 'FR', 'NL', 'IT', 'ES', 'SE', 'JP', 'NZ', 'IE', 'MX', 'BR', 'DK', 'NO', 'CH', 'AT', 'BE', 'PL', 'SG', 'HK', 'AE', 'ZA'];
const countryCdf = cdfOf([40, 10, 8, 6, 6, 5, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
const cityCdf = zipfCdf(200, 1.0);
const TAGS = ['newsletter', 'returning', 'vip', 'loyalty-bronze', 'loyalty-silver', 'wholesale', 'loyalty-gold', 'influencer', 'b2b', 'staff', ...Array.from({ length: 20 }, (_, i) => `tag${i + 10}`)];
const tagCdf = zipfCdf(TAGS.length, 1.0);
const tagCountCdf = cdfOf([40, 30, 18, 8, 4]);
const emailConsentCdf = cdfOf([45, 40, 10, 5]);
const EMAIL_CONSENT = ['subscribed', 'not_subscribed', 'unsubscribed', 'pending'];
const smsConsentCdf = cdfOf([15, 80, 5]);
const SMS_CONSENT = ['subscribed', 'not_subscribed', 'unsubscribed'];
const prodCdf = zipfCdf(N_PROD, 1.07);
const pageCdf = zipfCdf(N_PAGES, 1.0);
const PTYPES = Array.from({ length: N_TYPES }, (_, i) => `type${i}`);
const lineCountCdf = cdfOf([45, 30, 15, 7, 3]);
const EV_TYPES = ['page_view', 'product_view', 'add_to_cart', 'email_opened', 'email_clicked', 'coupon_received', 'coupon_clicked'];
const evTypeCdf = cdfOf([45, 30, 6, 12, 4, 2, 1]);

// ---------- DB ----------
for (const f of [DB, DB + '-wal', DB + '-shm']) { try { fs.unlinkSync(f); } catch { } }
const db = new Database(DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -262144'); // 256 MiB page cache
db.pragma('temp_store = MEMORY');
R.sqlite = db.prepare('select sqlite_version() v').pluck().get();
const walState = () => { const sz = (f) => { try { return fs.statSync(f).size; } catch { return 0; } }; return { wal_mib: +(sz(DB + '-wal') / 1048576).toFixed(1), shm_kib: Math.round(sz(DB + '-shm') / 1024) }; };
db.exec(`
CREATE TABLE customers(id INTEGER PRIMARY KEY, shop INTEGER NOT NULL, email TEXT, country TEXT, city TEXT, tags TEXT,
  email_consent TEXT, sms_consent TEXT, attrs TEXT, created_at INTEGER, orders_count INTEGER NOT NULL DEFAULT 0,
  total_spent REAL NOT NULL DEFAULT 0, first_order_at INTEGER, last_order_at INTEGER);
CREATE TABLE orders(id INTEGER PRIMARY KEY, shop INTEGER NOT NULL, customer_id INTEGER, total REAL, created_at INTEGER, cancelled_at INTEGER);
CREATE TABLE order_lines(order_id INTEGER NOT NULL, customer_id INTEGER, product_id INTEGER, product_type TEXT);
CREATE TABLE events(shop INTEGER NOT NULL, customer_id INTEGER, type TEXT NOT NULL, subject_id INTEGER, occurred_at INTEGER NOT NULL);
CREATE TABLE segment_members(segment_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, entered_at INTEGER,
  PRIMARY KEY(segment_id, customer_id)) WITHOUT ROWID;
CREATE INDEX sm_cust ON segment_members(customer_id, segment_id);
CREATE TEMP TABLE seg_new(customer_id INTEGER PRIMARY KEY);
`);

function rate(name, rows, ms) { R.phases[name] = { rows, ms: Math.round(ms), rows_per_s: Math.round(rows / (ms / 1000)) }; log(`${name}: ${fmt(rows)} rows in ${(ms / 1000).toFixed(1)}s = ${fmt(rows / (ms / 1000))} rows/s`); }

// ---------- generate customers + orders in memory ----------
let t = tick();
const cCreated = new Float64Array(N_CUST + 1);
for (let i = 1; i <= N_CUST; i++) cCreated[i] = NOW - Math.floor(rnd() * 3 * 365 * DAY);
const perm = new Uint32Array(N_CUST); for (let i = 0; i < N_CUST; i++) perm[i] = i + 1;
for (let i = N_CUST - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); const x = perm[i]; perm[i] = perm[j]; perm[j] = x; }
const nOrderers = Math.round(N_CUST * 0.7); // 30% never ordered
const w = new Float64Array(nOrderers); let wsum = 0;
for (let i = 0; i < nOrderers; i++) { w[i] = Math.exp(gauss()); wsum += w[i]; }
const extra = N_ORD_TARGET - nOrderers;
const kOf = new Uint32Array(nOrderers); let nOrd = 0;
for (let i = 0; i < nOrderers; i++) { kOf[i] = 1 + Math.floor(extra * w[i] / wsum + rnd()); nOrd += kOf[i]; }
const oCust = new Uint32Array(nOrd), oTime = new Float64Array(nOrd), oTotal = new Float64Array(nOrd), oCanc = new Uint8Array(nOrd);
{ let k = 0; for (let i = 0; i < nOrderers; i++) { const c = perm[i]; const ca = cCreated[c]; for (let j = 0; j < kOf[i]; j++, k++) { oCust[k] = c; oTime[k] = ca + Math.floor(rnd() * (NOW - ca)); oTotal[k] = Math.round(Math.exp(Math.log(70) + 0.6 * gauss()) * 100) / 100; oCanc[k] = rnd() < 0.03 ? 1 : 0; } } }
const order = new Uint32Array(nOrd); for (let i = 0; i < nOrd; i++) order[i] = i;
order.sort((a, b) => oTime[a] - oTime[b]); // insert orders chronologically, like production
const aggCount = new Uint32Array(N_CUST + 1), aggSpent = new Float64Array(N_CUST + 1), aggFirst = new Float64Array(N_CUST + 1), aggLast = new Float64Array(N_CUST + 1);
for (let k = 0; k < nOrd; k++) { if (oCanc[k]) continue; const c = oCust[k]; aggCount[c]++; aggSpent[c] += oTotal[k]; if (!aggFirst[c] || oTime[k] < aggFirst[c]) aggFirst[c] = oTime[k]; if (oTime[k] > aggLast[c]) aggLast[c] = oTime[k]; }
log(`generated ${fmt(nOrd)} orders in memory (${(msSince(t) / 1000).toFixed(1)}s)`);

// ---------- bulk load (no secondary indexes yet) ----------
const BATCH = 50_000;
t = tick();
{
  const ins = db.prepare('INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const txn = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const co = pick(countryCdf); const ntag = pick(tagCountCdf); const tg = new Set(); for (let j = 0; j < ntag; j++) tg.add(TAGS[pick(tagCdf)]);
      ins.run(i, SHOP, `c${i}@example.com`, COUNTRIES[co], `${COUNTRIES[co]}-city-${pick(cityCdf)}`, tg.size ? `,${[...tg].join(',')},` : '',
        EMAIL_CONSENT[pick(emailConsentCdf)], SMS_CONSENT[pick(smsConsentCdf)],
        `{"points":${Math.floor(rnd() * rnd() * 5000)},"birthday_month":${1 + Math.floor(rnd() * 12)}}`,
        cCreated[i], aggCount[i], Math.round(aggSpent[i] * 100) / 100, aggFirst[i] || null, aggLast[i] || null);
    }
  });
  for (let i = 1; i <= N_CUST; i += BATCH) txn(i, Math.min(N_CUST + 1, i + BATCH));
}
rate('load_customers', N_CUST, msSince(t));
t = tick();
let nLines = 0;
{
  const insO = db.prepare('INSERT INTO orders VALUES (?,?,?,?,?,?)');
  const insL = db.prepare('INSERT INTO order_lines VALUES (?,?,?,?)');
  const txn = db.transaction((from, to) => {
    for (let n = from; n < to; n++) {
      const k = order[n]; const id = n + 1;
      insO.run(id, SHOP, oCust[k], oTotal[k], oTime[k], oCanc[k] ? oTime[k] + DAY : null);
      const nl = 1 + pick(lineCountCdf);
      for (let j = 0; j < nl; j++) { const p = pick(prodCdf) + 1; insL.run(id, oCust[k], p, PTYPES[p % N_TYPES]); nLines++; }
    }
  });
  for (let i = 0; i < nOrd; i += BATCH) txn(i, Math.min(nOrd, i + BATCH));
}
rate('load_orders+lines', nOrd + nLines, msSince(t));
R.counts = { customers: N_CUST, orders: nOrd, order_lines: nLines };

// events: chronological, 70% from an "engaged" 30% of customers (skewed), 30% uniform
const nEngaged = Math.round(N_CUST * 0.3);
function evCustomer() { return rnd() < 0.7 ? perm[N_CUST - 1 - Math.floor(nEngaged * Math.pow(rnd(), 1.3))] : 1 + Math.floor(rnd() * N_CUST); }
// (engaged pool = last 30% of perm, overlapping orderers partially, as in real stores)
function genEvent(tm) {
  const ty = pick(evTypeCdf); let subj;
  if (ty === 1 || ty === 2) subj = pick(prodCdf) + 1;
  else if (ty === 0) subj = pick(pageCdf) + 1;
  else if (ty === 3 || ty === 4) subj = Math.max(1, Math.floor((tm - (NOW - 365 * DAY)) / (2 * DAY)) - Math.floor(rnd() * 3));
  else subj = 1 + Math.floor(rnd() * 50);
  return [EV_TYPES[ty], subj];
}
t = tick();
{
  const ins = db.prepare('INSERT INTO events VALUES (?,?,?,?,?)');
  const span = 365 * DAY, start = NOW - span;
  const txn = db.transaction((from, to) => {
    for (let i = from; i < to; i++) { const tm = start + Math.floor((i + rnd()) * span / N_EV); const [ty, subj] = genEvent(tm); ins.run(SHOP, evCustomer(), ty, subj, tm); }
  });
  const EB = 100_000;
  for (let i = 0; i < N_EV; i += EB) { txn(i, Math.min(N_EV, i + EB)); if ((i / EB) % 40 === 0) log(`  events ${fmt(i)}`); }
}
rate('load_events', N_EV, msSince(t));
R.rss_after_load_mib = Math.round(process.memoryUsage().rss / 1048576);
R.counts.events = N_EV;

// ---------- indexes ----------
const INDEXES = [
  ['c_country', 'customers(shop, country, email_consent)'],
  ['c_spent', 'customers(shop, total_spent)'],
  ['c_last', 'customers(shop, last_order_at)'],
  ['c_created', 'customers(shop, created_at)'],
  ['c_first', 'customers(shop, first_order_at)'],
  ['o_cust', 'orders(customer_id, created_at)'],
  ['o_time', 'orders(shop, created_at)'],
  ['ol_order', 'order_lines(order_id)'],
  ['ol_cust', 'order_lines(customer_id, product_id, order_id)'],
  ['ol_prod', 'order_lines(product_id, customer_id, order_id)'],
  ['ol_type', 'order_lines(product_type, customer_id)'],
  ['ev_seg', 'events(shop, type, subject_id, occurred_at, customer_id)'],
  ['ev_type_time', 'events(shop, type, occurred_at, customer_id)'],
  ['ev_cust', 'events(customer_id, type, subject_id, occurred_at)'],
];
R.index_build_ms = {};
for (const [n, d] of INDEXES) { t = tick(); db.exec(`CREATE INDEX ${n} ON ${d}`); R.index_build_ms[n] = Math.round(msSince(t)); log(`index ${n}: ${(R.index_build_ms[n] / 1000).toFixed(1)}s`); }
t = tick(); db.exec('PRAGMA analysis_limit=1000; ANALYZE;'); R.analyze_ms = Math.round(msSince(t));
t = tick(); db.pragma('wal_checkpoint(TRUNCATE)'); R.checkpoint_ms = Math.round(msSince(t));
log(`analyze ${R.analyze_ms}ms checkpoint ${R.checkpoint_ms}ms`);

// ---------- segment queries ----------
const W = (d) => NOW - d * DAY;
const H = (P) => P; // product ids are 1-based popularity ranks
const SQL = {
  a_property: `SELECT c.id FROM customers c WHERE c.shop=${SHOP} AND c.country='US' AND c.email_consent='subscribed'`,
  b_aggregate: `SELECT c.id FROM customers c WHERE c.shop=${SHOP} AND c.total_spent > 500 AND c.last_order_at < ${W(30)}`,
  c_behaviour_hot: behaviourSql(H(1), 2, 30),
  c_behaviour_typical: behaviourSql(H(51), 2, 30),
  d_mix6: `SELECT c.id FROM customers c WHERE c.shop=${SHOP} AND ${mixPred(['US', 'CA'], 'vip', 100, 30, 14)}`,
};
function behaviourSql(P, k, d, indexed = '') {
  return `SELECT v.customer_id AS id FROM (SELECT customer_id FROM events ${indexed} WHERE shop=${SHOP} AND type='product_view' AND subject_id=${P}
    AND occurred_at >= ${W(d)} GROUP BY customer_id HAVING count(*) >= ${k}) v
    WHERE NOT EXISTS (SELECT 1 FROM order_lines ol JOIN orders o ON o.id=ol.order_id WHERE ol.customer_id=v.customer_id
      AND ol.product_id=${P} AND o.created_at >= ${W(d)} AND o.cancelled_at IS NULL)`;
}
function behaviourPred(P, k, d) {
  return `(SELECT count(*) FROM events e WHERE e.customer_id=c.id AND e.type='product_view' AND e.subject_id=${P} AND e.occurred_at >= ${W(d)}) >= ${k}
    AND NOT EXISTS (SELECT 1 FROM order_lines ol JOIN orders o ON o.id=ol.order_id WHERE ol.customer_id=c.id AND ol.product_id=${P}
      AND o.created_at >= ${W(d)} AND o.cancelled_at IS NULL)`;
}
function mixPred(countries, tag, spent, openDays, noOrderDays) {
  return `c.email_consent='subscribed' AND ((c.country IN (${countries.map((x) => `'${x}'`).join(',')}) AND c.orders_count >= 2) OR c.tags LIKE '%,${tag},%')
    AND c.total_spent > ${spent}
    AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.id AND e.type='email_opened' AND e.occurred_at >= ${W(openDays)})
    AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id=c.id AND o.created_at >= ${W(noOrderDays)})`;
}
function median(a) { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; }
function timeIt(fn, reps = 3) { const ts = []; let out; for (let i = 0; i < reps; i++) { const a = tick(); out = fn(); ts.push(msSince(a)); } return { ms: median(ts), out }; }
function plan(sql) { return db.prepare('EXPLAIN QUERY PLAN ' + sql).all().map((r) => r.detail).join(' | '); }

const applyStmts = {
  clear: db.prepare('DELETE FROM temp.seg_new'),
  enter: db.prepare('INSERT INTO segment_members(segment_id, customer_id, entered_at) SELECT ?, n.customer_id, ? FROM temp.seg_new n WHERE NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id=? AND m.customer_id=n.customer_id)'),
  leave: db.prepare('DELETE FROM segment_members WHERE segment_id=? AND customer_id NOT IN (SELECT customer_id FROM temp.seg_new)'),
};
// materialise a segment and apply the diff against stored membership (what a rebuild does in production)
function materialiseDiff(segId, sql) {
  return db.transaction(() => {
    applyStmts.clear.run();
    const a = tick(); const n = db.prepare(`INSERT OR IGNORE INTO temp.seg_new(customer_id) SELECT id FROM (${sql})`).run().changes; const qms = msSince(a);
    const entered = applyStmts.enter.run(segId, NOW, segId).changes;
    const left = applyStmts.leave.run(segId).changes;
    return { n, entered, left, query_ms: qms };
  })();
}

R.queries = {};
for (const [name, sql] of Object.entries(SQL)) {
  const cnt = timeIt(() => db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get());
  const matTemp = timeIt(() => { applyStmts.clear.run(); return db.prepare(`INSERT OR IGNORE INTO temp.seg_new(customer_id) SELECT id FROM (${sql})`).run().changes; });
  const segId = 900 + Object.keys(R.queries).length;
  let a = tick(); const first = materialiseDiff(segId, sql); const firstMs = msSince(a);
  a = tick(); const steady = materialiseDiff(segId, sql); const steadyMs = msSince(a);
  R.queries[name] = {
    rows: cnt.out, count_ms: +cnt.ms.toFixed(1), materialise_temp_ms: +matTemp.ms.toFixed(1),
    first_build_into_members_ms: +firstMs.toFixed(1), steady_rebuild_diff_ms: +steadyMs.toFixed(1),
    customers_evaluated_per_s: Math.round(N_CUST / (cnt.ms / 1000)), result_rows_per_s_materialise: Math.round(cnt.out / (matTemp.ms / 1000)),
    plan: plan(sql),
  };
  log(name, JSON.stringify(R.queries[name]));
}
db.prepare('DELETE FROM segment_members WHERE segment_id >= 900').run();

// ---------- index ablations ----------
R.ablation = {};
{
  const P = H(1);
  const covering = timeIt(() => db.prepare(`SELECT count(*) FROM (${behaviourSql(P, 2, 30, 'INDEXED BY ev_seg')})`).pluck().get());
  let a = tick(); db.exec('CREATE INDEX ev_seg_nc ON events(shop, type, subject_id, occurred_at)'); R.index_build_ms.ev_seg_nc = Math.round(msSince(a));
  const noncov = timeIt(() => db.prepare(`SELECT count(*) FROM (${behaviourSql(P, 2, 30, 'INDEXED BY ev_seg_nc')})`).pluck().get());
  const P2 = H(51);
  const covering2 = timeIt(() => db.prepare(`SELECT count(*) FROM (${behaviourSql(P2, 2, 30, 'INDEXED BY ev_seg')})`).pluck().get());
  const noncov2 = timeIt(() => db.prepare(`SELECT count(*) FROM (${behaviourSql(P2, 2, 30, 'INDEXED BY ev_seg_nc')})`).pluck().get());
  db.exec('DROP INDEX ev_seg_nc');
  const scan = timeIt(() => db.prepare(`SELECT count(*) FROM (${behaviourSql(P, 2, 30, 'NOT INDEXED')})`).pluck().get(), 1);
  const propIdx = timeIt(() => db.prepare(`SELECT count(*) FROM (${SQL.a_property})`).pluck().get());
  const propScan = timeIt(() => db.prepare(`SELECT count(*) FROM customers c NOT INDEXED WHERE c.shop=${SHOP} AND c.country='US' AND c.email_consent='subscribed'`).pluck().get());
  // naive "customers-driven" form of the behavioural rule (one correlated probe per customer)
  const naive = timeIt(() => db.prepare(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND ${behaviourPred(P, 2, 30)}`).pluck().get(), 1);
  R.ablation = {
    behaviour_hot_covering_ms: +covering.ms.toFixed(1), behaviour_hot_noncovering_ms: +noncov.ms.toFixed(1),
    behaviour_typical_covering_ms: +covering2.ms.toFixed(1), behaviour_typical_noncovering_ms: +noncov2.ms.toFixed(1),
    behaviour_hot_fullscan_ms: +scan.ms.toFixed(1), behaviour_hot_customer_driven_ms: +naive.ms.toFixed(1),
    property_indexed_ms: +propIdx.ms.toFixed(1), property_fullscan_ms: +propScan.ms.toFixed(1),
    check_counts: [covering.out, noncov.out, scan.out, naive.out],
  };
  log('ablation', JSON.stringify(R.ablation));
}

// ---------- planner / index-shape ablations ----------
{
  const q = (sql, reps = 3) => { const r = timeIt(() => db.prepare(sql).pluck().get(), reps); return { ms: +r.ms.toFixed(1), rows: r.out, plan: plan(sql) }; };
  const A = {};
  const bWhere = `c.total_spent > 500 AND c.last_order_at < ${W(30)}`;
  A.b_default = q(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND ${bWhere}`);
  A.b_full_scan = q(`SELECT count(*) FROM customers c NOT INDEXED WHERE c.shop=${SHOP} AND ${bWhere}`);
  let a = tick(); db.exec('CREATE INDEX c_spent_last ON customers(shop, total_spent, last_order_at)'); A.c_spent_last_build_ms = Math.round(msSince(a));
  A.b_covering_spent_last = q(`SELECT count(*) FROM customers c INDEXED BY c_spent_last WHERE c.shop=${SHOP} AND ${bWhere}`);
  db.exec('DROP INDEX c_spent_last');
  const mixBase = `c.email_consent='subscribed' AND ((c.country IN ('US','CA') AND c.orders_count >= 2) OR c.tags LIKE '%,vip,%') AND c.total_spent > 100`;
  const noOrder = `NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id=c.id AND o.created_at >= ${W(14)})`;
  A.d_default = q(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND ${mixBase} AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.id AND e.type='email_opened' AND e.occurred_at >= ${W(30)}) AND ${noOrder}`);
  A.d_full_scan_customers = q(`SELECT count(*) FROM customers c NOT INDEXED WHERE c.shop=${SHOP} AND ${mixBase} AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.id AND e.type='email_opened' AND e.occurred_at >= ${W(30)}) AND ${noOrder}`);
  A.d_semijoin_from_event_window = q(`SELECT count(*) FROM customers c WHERE c.id IN (SELECT customer_id FROM events WHERE shop=${SHOP} AND type='email_opened' AND occurred_at >= ${W(30)}) AND c.shop=${SHOP} AND ${mixBase} AND ${noOrder}`);
  A.tag_like_default = q(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND c.tags LIKE '%,vip,%'`);
  A.tag_like_full_scan = q(`SELECT count(*) FROM customers c NOT INDEXED WHERE c.shop=${SHOP} AND c.tags LIKE '%,vip,%'`);
  A.json_default = q(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND json_extract(c.attrs,'$.points') > 2000`);
  A.json_full_scan = q(`SELECT count(*) FROM customers c NOT INDEXED WHERE c.shop=${SHOP} AND json_extract(c.attrs,'$.points') > 2000`);
  a = tick(); db.exec(`ALTER TABLE customers ADD COLUMN points INTEGER GENERATED ALWAYS AS (json_extract(attrs,'$.points')) VIRTUAL; CREATE INDEX c_points ON customers(shop, points);`); A.json_generated_col_index_build_ms = Math.round(msSince(a));
  A.json_generated_col_indexed = q(`SELECT count(*) FROM customers c WHERE c.shop=${SHOP} AND c.points > 2000`);
  db.exec('DROP INDEX c_points; ALTER TABLE customers DROP COLUMN points;');
  A.scan_customers_1M = q(`SELECT count(*) FROM customers NOT INDEXED WHERE created_at > 0`, 1);
  A.scan_events_20M = q(`SELECT count(*) FROM events NOT INDEXED WHERE occurred_at > 0`, 1);
  R.planner = A;
  log('planner', JSON.stringify(A));
}

// ---------- 100 segment definitions ----------
const SEGS = [];
const add = (name, pred, bulk, deps, edge) => SEGS.push({ id: SEGS.length + 1, name, pred, bulk: bulk || `SELECT c.id FROM customers c WHERE c.shop=${SHOP} AND ${pred}`, deps, edge });
// edge(h): customers whose qualifying record crossed a window boundary during the last h ms (for incremental periodic re-evaluation)
const EV_EDGE = (ty, d, h, extra = '') => `SELECT customer_id FROM events WHERE shop=${SHOP} AND type='${ty}' ${extra} AND occurred_at >= ${W(d) - h} AND occurred_at < ${W(d)}`;
const ORD_EDGE = (d, h) => `SELECT customer_id FROM orders WHERE shop=${SHOP} AND created_at >= ${W(d) - h} AND created_at < ${W(d)}`;
const COL_EDGE = (col, d, h) => `SELECT id FROM customers WHERE shop=${SHOP} AND ${col} >= ${W(d) - h} AND ${col} < ${W(d)}`;
for (const co of COUNTRIES.slice(0, 10)) add(`country ${co} & subscribed`, `c.country='${co}' AND c.email_consent='subscribed'`, null, ['customer']);
for (const x of [100, 250, 500, 1000, 2000]) for (const d of [30, 90]) add(`spent>${x} lapsed ${d}d`, `c.total_spent > ${x} AND c.last_order_at < ${W(d)}`, null, ['customer', 'order'], (h) => COL_EDGE('last_order_at', d, h));
for (const r of [1, 2, 3, 6, 11, 21, 51, 101, 201, 501]) add(`viewed P${r} >=2x/30d not bought`, behaviourPred(r, 2, 30), behaviourSql(r, 2, 30), ['product_view', 'order'],
  (h) => `${EV_EDGE('product_view', 30, h, `AND subject_id=${r}`)} UNION SELECT ol.customer_id FROM orders o JOIN order_lines ol ON ol.order_id=o.id WHERE o.shop=${SHOP} AND o.created_at >= ${W(30) - h} AND o.created_at < ${W(30)} AND ol.product_id=${r}`);
for (const [cs, tg] of [[['US', 'CA'], 'vip'], [['GB', 'IE'], 'vip'], [['AU', 'NZ'], 'returning'], [['DE', 'AT', 'CH'], 'newsletter'], [['FR', 'BE'], 'loyalty-gold'], [['US'], 'wholesale'], [['CA'], 'loyalty-silver'], [['NL', 'DK', 'SE', 'NO'], 'vip'], [['JP', 'SG', 'HK'], 'influencer'], [['ES', 'IT', 'MX'], 'b2b']])
  add(`mix6 ${cs.join('/')} ${tg}`, mixPred(cs, tg, 100, 30, 14), null, ['customer', 'order', 'email_opened'], (h) => `${EV_EDGE('email_opened', 30, h)} UNION ${ORD_EDGE(14, h)}`);
for (const tg of TAGS.slice(0, 10)) add(`tag ${tg}`, `c.tags LIKE '%,${tg},%'`, null, ['customer']);
for (const d of [7, 14, 30, 60, 90]) add(`no orders, signed up ${d}d`, `c.orders_count = 0 AND c.created_at >= ${W(d)}`, null, ['customer', 'order'], (h) => COL_EDGE('created_at', d, h));
for (const d of [7, 14, 30, 60, 90]) add(`first order within ${d}d`, `c.orders_count = 1 AND c.first_order_at >= ${W(d)}`, null, ['order'], (h) => COL_EDGE('first_order_at', d, h));
for (const k of [1, 3]) for (const d of [7, 14, 30, 60, 90])
  add(`opened email >=${k}x ${d}d`, `(SELECT count(*) FROM events e WHERE e.customer_id=c.id AND e.type='email_opened' AND e.occurred_at >= ${W(d)}) >= ${k}`,
    `SELECT customer_id AS id FROM events WHERE shop=${SHOP} AND type='email_opened' AND occurred_at >= ${W(d)} GROUP BY customer_id HAVING count(*) >= ${k}`, ['email_opened'], (h) => EV_EDGE('email_opened', d, h));
for (const ty of ['email_clicked', 'coupon_clicked']) for (const d of [3, 7, 14, 30, 60])
  add(`${ty} ${d}d no order`, `EXISTS (SELECT 1 FROM events e WHERE e.customer_id=c.id AND e.type='${ty}' AND e.occurred_at >= ${W(d)}) AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id=c.id AND o.created_at >= ${W(d)})`,
    `SELECT DISTINCT e.customer_id AS id FROM events e WHERE e.shop=${SHOP} AND e.type='${ty}' AND e.occurred_at >= ${W(d)} AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id=e.customer_id AND o.created_at >= ${W(d)})`, [ty, 'order'], (h) => `${EV_EDGE(ty, d, h)} UNION ${ORD_EDGE(d, h)}`);
for (const pt of PTYPES.slice(0, 10)) add(`bought ${pt} & subscribed`, `c.email_consent='subscribed' AND EXISTS (SELECT 1 FROM order_lines ol WHERE ol.customer_id=c.id AND ol.product_type='${pt}')`,
  `SELECT DISTINCT ol.customer_id AS id FROM order_lines ol JOIN customers c ON c.id=ol.customer_id WHERE ol.product_type='${pt}' AND c.shop=${SHOP} AND c.email_consent='subscribed'`, ['customer', 'order']);
for (const x of [50, 75, 100, 150, 250]) add(`AOV>${x}`, `c.orders_count > 0 AND c.total_spent / c.orders_count > ${x}`, null, ['order']);
for (const x of [500, 1000, 2000, 3000, 4000]) add(`points>${x}`, `json_extract(c.attrs,'$.points') > ${x}`, null, ['customer']);
R.segments = { n: SEGS.length };

// full rebuild of all 100 segments: first build (everything enters), then steady state (no change)
for (const pass of ['first_build', 'steady_rebuild']) {
  const a = tick(); const per = [];
  for (const s of SEGS) { const b = tick(); const r = materialiseDiff(s.id, s.bulk); per.push({ id: s.id, name: s.name, n: r.n, ms: +msSince(b).toFixed(1), entered: r.entered, left: r.left }); }
  const total = msSince(a);
  per.sort((x, y) => y.ms - x.ms);
  R.segments[pass] = { total_ms: Math.round(total), per_ms: [...per].sort((x, y) => x.id - y.id).map((x) => x.ms), members_total: per.reduce((s, x) => s + x.n, 0), median_ms: median(per.map((x) => x.ms)) };
  R.segments[pass].slowest = per.slice(0, 6);
  if (pass === 'first_build') R.segments.sizes = per.map((x) => [x.id, x.n]).sort((a, b) => a[0] - b[0]);
  log(pass, `${(total / 1000).toFixed(1)}s for ${SEGS.length} segments, members=${fmt(R.segments[pass].members_total)}`, JSON.stringify(walState()));
}

// steady rebuild again with the shop term made un-indexable ('+c.shop'), then the per-segment best of both plans
{
  const a = tick(); const per = [];
  for (const s of SEGS) { const b = tick(); materialiseDiff(s.id, s.bulk.split(`c.shop=${SHOP}`).join(`+c.shop=${SHOP}`)); per.push(msSince(b)); }
  const defaults = R.segments.steady_rebuild.per_ms;
  R.segments.steady_rebuild_no_shop_index = { total_ms: Math.round(msSince(a)), median_ms: +median(per).toFixed(1) };
  R.segments.steady_rebuild_best_plan_per_segment = { total_ms: Math.round(per.reduce((s, x, i) => s + Math.min(x, defaults[i]), 0)) };
  log('rebuild variants', JSON.stringify([R.segments.steady_rebuild_no_shop_index, R.segments.steady_rebuild_best_plan_per_segment]));
}

// ---------- incremental path: evaluate all 100 predicates for one customer ----------
const predStmts = SEGS.map((s) => ({ s, st: db.prepare(`SELECT 1 FROM customers c WHERE c.id = ? AND ${s.pred}`).pluck() }));
const sample = []; for (let i = 0; i < 2000; i++) sample.push(rnd() < 0.5 ? evCustomer() : 1 + Math.floor(rnd() * N_CUST));
{
  // consistency check between bulk and per-customer forms on the sample
  const memStmt = db.prepare('SELECT segment_id FROM segment_members WHERE customer_id = ?').pluck();
  let mismatches = 0;
  for (const c of sample.slice(0, 300)) { const mem = new Set(memStmt.all(c)); for (const { s, st } of predStmts) if ((st.get(c) === 1) !== mem.has(s.id)) mismatches++; }
  R.incremental = { consistency_mismatches_300x100: mismatches };
  const per = [];
  for (const c of sample) { const a = tick(); for (const { st } of predStmts) st.get(c); per.push(msSince(a) * 1000); }
  per.sort((x, y) => x - y);
  Object.assign(R.incremental, {
    all100_mean_us: Math.round(per.reduce((s, x) => s + x, 0) / per.length), all100_p50_us: Math.round(per[per.length >> 1]),
    all100_p99_us: Math.round(per[Math.floor(per.length * 0.99)]), all100_max_us: Math.round(per[per.length - 1]),
  });
  // per-template cost
  const byTpl = {};
  for (const { s, st } of predStmts) { const key = s.name.replace(/[0-9.]+/g, '#'); const a = tick(); for (const c of sample) st.get(c); (byTpl[key] ||= []).push(msSince(a) * 1000 / sample.length); }
  R.incremental.per_predicate_us = Object.fromEntries(Object.entries(byTpl).map(([k, v]) => [k, +(v.reduce((s, x) => s + x, 0) / v.length).toFixed(1)]));
  // dependency-filtered: a product_view only touches segments that depend on product_view
  const pvStmts = predStmts.filter((x) => x.s.deps.includes('product_view'));
  let a = tick(); for (const c of sample) for (const { st } of pvStmts) st.get(c);
  R.incremental.product_view_dependent = { n_segments: pvStmts.length, mean_us: Math.round(msSince(a) * 1000 / sample.length) };
  log('incremental', JSON.stringify(R.incremental));

  // end-to-end: event arrives -> insert -> evaluate dependent (or all) segments -> diff membership -> write changes
  const insEv = db.prepare('INSERT INTO events VALUES (?,?,?,?,?)');
  const insM = db.prepare('INSERT INTO segment_members(segment_id, customer_id, entered_at) VALUES (?,?,?)');
  const delM = db.prepare('DELETE FROM segment_members WHERE segment_id=? AND customer_id=?');
  function processEvent(c, ty, subj, tm, stmts) {
    insEv.run(SHOP, c, ty, subj, tm);
    const mem = new Set(memStmt.all(c)); let changes = 0;
    for (const { s, st } of stmts) { const inNow = st.get(c) === 1; const was = mem.has(s.id); if (inNow && !was) { insM.run(s.id, c, tm); changes++; } else if (!inNow && was) { delM.run(s.id, c); changes++; } }
    return changes;
  }
  const depsFor = {}; for (const ty of EV_TYPES) depsFor[ty] = predStmts.filter((x) => x.s.deps.includes(ty));
  const e2e = {};
  for (const mode of ['all100', 'dependent_only']) {
    const N = 3000; let changes = 0; a = tick();
    for (let i = 0; i < N; i++) { const c = evCustomer(); const tm = NOW - 60_000 + i; const [ty, subj] = genEvent(tm); changes += db.transaction(() => processEvent(c, ty, subj, tm, mode === 'all100' ? predStmts : depsFor[ty]))(); }
    const ms = msSince(a); e2e[`${mode}_txn_per_event`] = { events_per_s: Math.round(N / (ms / 1000)), us_per_event: Math.round(ms * 1000 / N), membership_changes: changes };
    a = tick(); changes = 0;
    db.transaction(() => { for (let i = 0; i < N; i++) { const c = evCustomer(); const tm = NOW - 60_000 + i; const [ty, subj] = genEvent(tm); changes += processEvent(c, ty, subj, tm, mode === 'all100' ? predStmts : depsFor[ty]); } })();
    const ms2 = msSince(a); e2e[`${mode}_batched_${N}`] = { events_per_s: Math.round(N / (ms2 / 1000)), us_per_event: Math.round(ms2 * 1000 / N), membership_changes: changes };
  }
  R.incremental.end_to_end = e2e;
  log('e2e', JSON.stringify(e2e), JSON.stringify(walState()));
}

// ---------- periodic re-evaluation of time-relative rules: window-edge candidates vs full rebuild ----------
{
  const memOne = db.prepare('SELECT 1 FROM segment_members WHERE segment_id=? AND customer_id=?').pluck();
  const insM = db.prepare('INSERT INTO segment_members(segment_id, customer_id, entered_at) VALUES (?,?,?)');
  const delM = db.prepare('DELETE FROM segment_members WHERE segment_id=? AND customer_id=?');
  const predOf = new Map(SEGS.map((s) => [s.id, db.prepare(`SELECT 1 FROM customers c WHERE c.id = ? AND ${s.pred}`).pluck()]));
  R.periodic = {};
  for (const [label, h] of [['tick_1h', 3600_000], ['tick_24h', DAY]]) {
    let cands = 0, changes = 0, nSeg = 0; const a = tick();
    db.transaction(() => {
      for (const s of SEGS) {
        if (!s.edge) continue; nSeg++;
        const ids = db.prepare(s.edge(h)).pluck().all(); cands += ids.length; const st = predOf.get(s.id);
        for (const id of ids) { const inNow = st.get(id) === 1; const was = memOne.get(s.id, id) === 1; if (inNow && !was) { insM.run(s.id, id, NOW); changes++; } else if (!inNow && was) { delM.run(s.id, id); changes++; } }
      }
    })();
    R.periodic[label] = { segments_with_time_windows: nSeg, candidates: cands, changes, ms: Math.round(msSince(a)) };
    log('periodic', label, JSON.stringify(R.periodic[label]));
  }
}

// ---------- connection settings: page cache size and mmap, per-customer path (fresh read-only connection) ----------
function connVariants(where) {
  const ids = Array.from({ length: extras(1000) }, () => 1 + Math.floor(rnd() * N_CUST)); const out = { wal_state: walState() };
  for (const [label, pragmas] of [['default_cache_2MB', []], ['cache_256MB', ['cache_size = -262144']], ['cache_256MB_mmap_8GB', ['cache_size = -262144', 'mmap_size = 8589934592']]]) {
    const rdb = new Database(DB, { readonly: true }); for (const p of pragmas) rdb.pragma(p);
    const sts = SEGS.map((s) => rdb.prepare(`SELECT 1 FROM customers c WHERE c.id = ? AND ${s.pred}`).pluck());
    const r = {};
    for (const pass of ['pass1_us', 'pass2_us']) { const a = tick(); for (const c of ids) for (const st of sts) st.get(c); r[pass] = Math.round(msSince(a) * 1000 / ids.length); }
    out[label] = r; rdb.close();
  }
  R.conn_variants = R.conn_variants || {}; R.conn_variants[where] = out;
  log('conn variants', where, JSON.stringify(out));
}
connVariants('after_incremental_phases');

// ---------- webhook-like writes with all indexes present ----------
{
  const insO = db.prepare('INSERT INTO orders(shop, customer_id, total, created_at, cancelled_at) VALUES (?,?,?,?,NULL)');
  const insL = db.prepare('INSERT INTO order_lines VALUES (?,?,?,?)');
  const updC = db.prepare('UPDATE customers SET orders_count=orders_count+1, total_spent=total_spent+?, last_order_at=?, first_order_at=coalesce(first_order_at, ?) WHERE id=?');
  const upsertC = db.prepare(`INSERT INTO customers(id, shop, email, country, city, tags, email_consent, sms_consent, attrs, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)
    ON CONFLICT(id) DO UPDATE SET tags=excluded.tags, email_consent=excluded.email_consent, city=excluded.city`);
  const insEv = db.prepare('INSERT INTO events VALUES (?,?,?,?,?)');
  const orderWebhook = (i) => { const c = 1 + Math.floor(rnd() * N_CUST); const tot = 80; const id = insO.run(SHOP, c, tot, NOW + i, ).lastInsertRowid; insL.run(id, c, pick(prodCdf) + 1, 'type1'); insL.run(id, c, pick(prodCdf) + 1, 'type2'); updC.run(tot, NOW + i, NOW + i, c); };
  const custWebhook = () => { const c = 1 + Math.floor(rnd() * N_CUST); upsertC.run(c, SHOP, `c${c}@example.com`, 'US', 'US-city-1', ',vip,', 'subscribed', 'not_subscribed', '{}', NOW); };
  const evWrite = (i) => { const tm = NOW + i; const [ty, subj] = genEvent(tm); insEv.run(SHOP, evCustomer(), ty, subj, tm); };
  const W8 = {};
  function measure(name, fn, N, perTxn) {
    N = extras(N); // EXTRAS
    const txn = db.transaction((from, to) => { for (let i = from; i < to; i++) fn(i); });
    const a = tick(); for (let i = 0; i < N; i += perTxn) txn(i, Math.min(N, i + perTxn)); const ms = msSince(a);
    W8[name] = { n: N, per_txn: perTxn, per_s: Math.round(N / (ms / 1000)), us_each: +(ms * 1000 / N).toFixed(1) };
    log(name, JSON.stringify(W8[name]));
  }
  measure('order_webhook_1_per_txn_sync_normal', orderWebhook, 10000, 1);
  measure('order_webhook_500_per_txn', orderWebhook, 20000, 500);
  measure('customer_upsert_1_per_txn_sync_normal', custWebhook, 10000, 1);
  measure('customer_upsert_500_per_txn', custWebhook, 50000, 500);
  measure('event_insert_1_per_txn_sync_normal', evWrite, 20000, 1);
  measure('event_insert_1000_per_txn', evWrite, 200000, 1000);
  measure('event_insert_10000_per_txn', evWrite, 200000, 10000);
  db.pragma('synchronous = FULL');
  measure('order_webhook_1_per_txn_sync_full', orderWebhook, 2000, 1);
  measure('event_insert_1_per_txn_sync_full', evWrite, 2000, 1);
  db.pragma('synchronous = NORMAL');
  R.writes = W8;
}

// ---------- sizes + memory ----------
{
  db.pragma('wal_checkpoint(TRUNCATE)');
  const sz = (f) => { try { return fs.statSync(f).size; } catch { return 0; } };
  R.db_bytes = sz(DB); R.wal_bytes = sz(DB + '-wal');
  connVariants('after_final_checkpoint');
  const a = tick();
  R.objects_mib = Object.fromEntries(db.prepare('SELECT name, sum(pgsize) b FROM dbstat GROUP BY name ORDER BY b DESC').all().map((r) => [r.name, +(r.b / 1048576).toFixed(1)]));
  R.dbstat_ms = Math.round(msSince(a));
  R.peak_rss_mib = Math.round(process.resourceUsage().maxRSS / 1024);
  R.total_runtime_s = Math.round(msSince(T0) / 1000);
}
db.close();
// ---------- parallel read-only evaluation in worker threads (WAL readers do not block each other) ----------
(async () => {
  const preds = SEGS.map((s) => s.pred);
  const run = (k, perWorker) => Promise.all(Array.from({ length: k }, (_, i) => new Promise((res, rej) => {
    const w = new Worker(__filename, { workerData: { db: DB, preds, ids: sample.slice(0, perWorker).map((x) => 1 + ((x + i * 7919) % N_CUST)) } }); w.on('message', res); w.on('error', rej);
  })));
  R.parallel_readers = {};
  for (const k of [1, 2]) { const a = tick(); const rs = await run(k, extras(1000)); const wall = msSince(a); const evals = rs.reduce((s, x) => s + x.evals, 0);
    R.parallel_readers[`workers_${k}`] = { predicate_evals: evals, wall_ms: Math.round(wall), evals_per_s: Math.round(evals / (wall / 1000)), customers_x100_per_s: Math.round(evals / 100 / (wall / 1000)) }; }
  log('parallel', JSON.stringify(R.parallel_readers));
  R.peak_rss_mib = Math.round(process.resourceUsage().maxRSS / 1024);
  R.total_runtime_s = Math.round(msSince(T0) / 1000);
  fs.writeFileSync(process.env.OUT || './results.json', JSON.stringify(R, null, 2));
  log('DONE', `db=${(R.db_bytes / 2 ** 30).toFixed(2)} GiB peakRSS=${R.peak_rss_mib} MiB runtime=${R.total_runtime_s}s`);
})();
