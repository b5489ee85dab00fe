/**
 * `npm run bench -- ingest [--quick]`: end-to-end DMS ingestion into a fresh database —
 * customers, vehicles, deliveries and three years of repair orders, with every rule
 * decision (callback tasks, points, reminders, card, classification) — in batches of
 * 1,000, against a naive baseline of one event per transaction in the same run. Points are
 * for members only, so 30 % of the cars get a member card (issued on their delivery day, valid
 * three years) before the orders come in. Prints a table, then one JSON line. Needs
 * PostgreSQL (BENCH_DATABASE_URL, default the local one).
 *
 * Stores' DMSs send side by side: `--lanes=N` (default 2, one per core of the 2-core target
 * machine) stores are ingested at once, each store's batches in order; the baseline runs
 * in as many lanes.
 *
 * Statistics: a live database's autovacuum analyses a table once about 10 % of it has
 * changed, in a process of its own beside the writers. Where the server runs with
 * autovacuum off (as the development machines do), the bench does the same itself — ANALYZE
 * after every 10 % growth, on its own connection while ingestion goes on (its CPU is taken
 * from the same two cores; a phase's time includes waiting for the last one to finish) —
 * so the planner sees the tables it is given rather than the empty ones it started with.
 * The statements are also written so that stale statistics cannot turn a probe by key into
 * a tenant-wide scan. `--explain=MS` logs the plan of every statement slower than MS
 * milliseconds to the server log (auto_explain; needs a superuser BENCH_DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ingestEvents } from '../src/events/ingest.ts';
import { systemActor } from '../src/identity/actor.ts';

const quick = process.argv.includes('--quick');
const scale = quick
  ? { stores: 2, customers: 2_000, vehicles: 2_500, orders: 10_000, baseline: 300 }
  : { stores: 50, customers: 200_000, vehicles: 250_000, orders: 1_000_000, baseline: 2_000 };
const batchSize = 1000;
const lanes = Number(process.argv.find((a) => a.startsWith('--lanes='))?.slice('--lanes='.length) ?? 2);
const explainMs = process.argv.find((a) => a.startsWith('--explain='))?.slice('--explain='.length);

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  if (explainMs) {
    for (const setting of [
      `session_preload_libraries = 'auto_explain'`,
      `auto_explain.log_min_duration = ${Number(explainMs)}`,
      'auto_explain.log_analyze = on',
      'auto_explain.log_timing = off',
      'auto_explain.log_nested_statements = on',
    ])
      await admin.unsafe(`alter database ${dbName} set ${setting}`);
  }
  const db = createDatabase({ url: appUrl.toString(), max: Math.max(4, lanes + 2) });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  const [{ autovacuum } = { autovacuum: 'on' }] = await owner<{ autovacuum: string }[]>`show autovacuum`;
  let written = 0;
  let analysedAt = 0;
  let analyses = 0;
  // Time spent in ANALYZE (beside ingestion, on the same cores), shown so the figures can be read.
  let analyseMs = 0;
  let analysing: Promise<void> | null = null;
  const autoAnalyze = (events: number) => {
    written += events;
    if (autovacuum === 'on' || analysing || written - analysedAt < Math.max(1000, 0.1 * analysedAt)) return;
    analysedAt = written;
    analyses += 1;
    const startedAt = performance.now();
    // The tables ingestion writes, as autovacuum would pick them.
    analysing =
      owner`analyze customers, vehicles, vehicle_ownerships, deliveries, repair_orders, card_transitions,
      points_entries, points_accounts, member_cards, member_card_events, callback_tasks, reminder_schedule,
      staff_members`.then(() => {
        analyseMs += performance.now() - startedAt;
        analysing = null;
      });
  };
  /** Runs `work` for every store, `lanes` stores at a time; the phase ends with its last ANALYZE. */
  const eachStore = async (stores: number, work: (store: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let s = next++; s < stores; s = next++) await work(s);
      }),
    );
    await analysing;
  };
  const { tenantId, storeIds } = await db.withPlatform(async (tx) => {
    const [tenant] = await tx<
      { id: string }[]
    >`insert into tenants (code, name) values ('bench', '压测集团') returning id`;
    if (!tenant) throw new Error('no tenant');
    await tx`select set_config('app.tenant_id', ${tenant.id}, true)`;
    const stores = await tx<{ id: string }[]>`
      insert into stores (tenant_id, code, name)
      select ${tenant.id}, 'S' || n, '门店' || n from generate_series(1, ${scale.stores + 1}) n returning id`;
    return { tenantId: tenant.id, storeIds: stores.map((s) => s.id) };
  });
  const actor = systemActor(tenantId, 'bench');

  const vin = (n: number) => `LBENCH${String(n).padStart(11, '0')}`;
  // Three years of history up to today: the latest orders still open callbacks and reminders.
  const threeYears = 3 * 365 * 86_400_000;
  const start = Math.floor((Date.now() - threeYears) / 86_400_000) * 86_400_000;
  const types = [
    ['firstMaintenance'],
    ['maintenance'],
    ['maintenance'],
    ['minorRepair'],
    ['bodyPaint'],
    ['maintenance', 'selfPaid'],
  ];
  const payers = ['self', 'self', 'self', 'insurance', 'warranty'];
  // Each store's customers are its own (a customer's file is per store): at full size 4,000
  // a store for its 5,000 cars (a fifth of them own a second car there), 200,000 in all.
  const deliveryOf = (v: number) => {
    const perStore = Math.floor(scale.customers / scale.stores);
    const customer = Math.floor(v / vehiclesPerStore) * perStore + ((v % vehiclesPerStore) % perStore);
    return {
      type: 'delivery',
      dmsId: `D${v}`,
      deliveredAt: new Date(start + ((v * 7919) % 365) * 86_400_000).toISOString(),
      salesConsultant: `顾问${v % 12}`,
      customer: {
        dmsId: `C${customer}`,
        name: `客户${customer}`,
        mobile: `139${String(customer).padStart(8, '0')}`,
      },
      vehicle: {
        vin: vin(v),
        plate: `皖A${String(v % 100000).padStart(5, '0')}`,
        brand: '丰田',
        series: '卡罗拉',
      },
    };
  };
  const orderOf = (o: number, vehiclesPerStore: number, storeIndex: number) => {
    const v = storeIndex * vehiclesPerStore + (o % vehiclesPerStore);
    // Each store's orders run in time order over the three years, as its DMS would send them.
    const opened = start + Math.floor(((o % ordersPerStore) / ordersPerStore) * threeYears);
    const labour = 10_000 + ((o * 37) % 90_000);
    return {
      type: 'repairOrder',
      dmsId: `O${o}`,
      vehicle: { vin: vin(v) },
      orderTypes: types[o % types.length],
      payer: payers[o % payers.length],
      labourFen: labour,
      partsFen: (o * 53) % 200_000,
      serviceAdvisor: `服务顾问${o % 8}`,
      repairTeam: `班组${o % 4}`,
      mileageKm: 1_000 + (o % 60_000),
      openedAt: new Date(opened).toISOString(),
      closedAt: new Date(opened + 6 * 3_600_000).toISOString(),
    };
  };

  const vehiclesPerStore = Math.floor(scale.vehicles / scale.stores);
  const ordersPerStore = Math.floor(scale.orders / scale.stores);
  let rejected = 0;
  const deliveryStart = performance.now();
  await eachStore(scale.stores, async (s) => {
    for (let b = 0; b < vehiclesPerStore; b += batchSize) {
      const events = [];
      for (let v = b; v < Math.min(b + batchSize, vehiclesPerStore); v++)
        events.push(deliveryOf(s * vehiclesPerStore + v));
      const result = await ingestEvents({ db, actor, storeId: storeIds[s] ?? '', events });
      rejected += result.counts.rejected;
      autoAnalyze(events.length);
    }
  });
  const deliverySeconds = (performance.now() - deliveryStart) / 1000;

  // Members: 30 % of the cars, carded on their delivery day (setup, not measured).
  let members = 0;
  const cardThirtyPercent = async () => {
    const [row] = await owner<{ members: number }[]>`
    with carded as (
      insert into member_cards (tenant_id, store_id, vehicle_id, customer_id, card_no, tier, issued_on, valid_until)
      select tenant_id, store_id, id, current_owner_id, 'M' || lpad(row_number() over (order by id)::text, 7, '0'),
        'silver', delivery_date, (delivery_date + interval '3 years' - interval '1 day')::date
      from vehicles v where tenant_id = ${tenantId} and abs(hashtext(vin)) % 10 < 3
        and not exists (select 1 from member_cards c where c.tenant_id = v.tenant_id and c.vehicle_id = v.id)
      returning tenant_id, store_id, id, card_no, issued_on, valid_until
    ), issued as (
      insert into member_card_events (tenant_id, store_id, card_id, kind, card_no, to_tier, valid_until, at)
      select tenant_id, store_id, id, 'issued', card_no, 'silver', valid_until, issued_on::timestamptz from carded
      returning 1
    )
    select count(*)::int as members from issued`;
    members += row?.members ?? 0;
    await owner`analyze member_cards, member_card_events`;
  };
  await cardThirtyPercent();

  const orderStart = performance.now();
  const analyseMsBeforeOrders = analyseMs;
  let decisions = 0;
  await eachStore(scale.stores, async (s) => {
    for (let b = 0; b < ordersPerStore; b += batchSize) {
      const events = [];
      for (let o = b; o < Math.min(b + batchSize, ordersPerStore); o++)
        events.push(orderOf(s * ordersPerStore + o, vehiclesPerStore, s));
      const result = await ingestEvents({ db, actor, storeId: storeIds[s] ?? '', events });
      rejected += result.counts.rejected;
      for (const item of result.items) decisions += item.decisions.length;
      autoAnalyze(events.length);
    }
  });
  const orderSeconds = (performance.now() - orderStart) / 1000;
  const orderAnalyseSeconds = (analyseMs - analyseMsBeforeOrders) / 1000;
  const ordersPerSecond = (scale.stores * ordersPerStore) / orderSeconds;

  // Baseline: the same kind of work one event per request/transaction, on the spare store.
  const baselineStore = storeIds[scale.stores] ?? '';
  const baselineVehicles = Math.max(1, Math.floor(scale.baseline / 4));
  for (let b = 0; b < baselineVehicles; b += batchSize) {
    const events = [];
    for (let v = b; v < Math.min(b + batchSize, baselineVehicles); v++)
      events.push(deliveryOf(10_000_000 + v));
    await ingestEvents({ db, actor, storeId: baselineStore, events });
  }
  await cardThirtyPercent();
  const baselineStart = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let o = lane; o < scale.baseline; o += lanes) {
        const event = orderOf(o, baselineVehicles, 0);
        event.vehicle.vin = vin(10_000_000 + (o % baselineVehicles));
        event.dmsId = `B${o}`;
        await ingestEvents({ db, actor, storeId: baselineStore, events: [event] });
      }
    }),
  );
  const baselinePerSecond = scale.baseline / ((performance.now() - baselineStart) / 1000);

  const [counts] = await db.withTenant(
    tenantId,
    (tx) => tx<{ customers: number; vehicles: number; orders: number; callbacks: number; points: number }[]>`
      select (select count(*)::int from customers) as customers, (select count(*)::int from vehicles) as vehicles,
        (select count(*)::int from repair_orders) as orders, (select count(*)::int from callback_tasks) as callbacks,
        (select count(*)::int from points_entries) as points`,
  );
  await db.close();
  await owner.end();
  clearInterval(sampler);

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(
    `ingest bench (${quick ? 'quick' : 'full'}): ${scale.stores} stores, ${lanes} at a time, Node ${process.version}`,
  );
  console.log(
    `on file: ${counts?.customers} customers, ${counts?.vehicles} vehicles, ${counts?.orders} orders, ${counts?.callbacks} callback tasks, ${counts?.points} points entries; ${rejected} rejected\n`,
  );
  console.log('phase                                          events/s');
  console.log(
    `deliveries, batches of ${batchSize}                  ${fmt((scale.stores * vehiclesPerStore) / deliverySeconds)}`,
  );
  console.log(`repair orders, batches of ${batchSize} (+decisions)  ${fmt(ordersPerSecond)}`);
  console.log(`repair orders, one per transaction (baseline)  ${fmt(baselinePerSecond)}`);
  console.log(`\nbatched ÷ baseline   ${(ordersPerSecond / baselinePerSecond).toFixed(1)}×   (target ≥ 10×)`);
  console.log(`orders/s             ${fmt(ordersPerSecond).trim()}   (target ≥ 5,000)`);
  console.log(`decisions taken      ${decisions.toLocaleString('en-US')}`);
  console.log(`members (cards)      ${members.toLocaleString('en-US')}`);
  console.log(`peak RSS             ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  console.log(
    `statistics           ${autovacuum === 'on' ? 'autovacuum' : `autovacuum off: ANALYZE run ${analyses} times by the bench (every 10 % growth, beside ingestion), ${orderAnalyseSeconds.toFixed(1)} s during the orders' ${orderSeconds.toFixed(1)} s`}`,
  );
  console.log(
    JSON.stringify({
      bench: 'ingest',
      quick,
      lanes,
      orders_per_s: Math.round(ordersPerSecond),
      baseline_orders_per_s: Math.round(baselinePerSecond),
      ratio_vs_baseline: Number((ordersPerSecond / baselinePerSecond).toFixed(1)),
      deliveries_per_s: Math.round((scale.stores * vehiclesPerStore) / deliverySeconds),
      decisions,
      members,
      points_entries: counts?.points,
      analyses,
      orders_s: Number(orderSeconds.toFixed(1)),
      orders_analyze_s: Number(orderAnalyseSeconds.toFixed(1)),
      rejected,
      peak_rss_mib: Math.round(peakRss / 1024 / 1024),
    }),
  );
} finally {
  clearInterval(sampler);
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
