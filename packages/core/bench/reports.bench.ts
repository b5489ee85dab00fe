/**
 * `npm run bench -- reports [--quick]`: the month's report pack of one store and the HQ
 * dashboard (50 stores side by side for a month, with each figure's twelve-month trend) at the
 * ingest benchmark's scale — 50 stores, 250,000 cars with their deliveries, 1,000,000 repair
 * orders over three years — each event with its callback task, call and answers as the
 * callback-statistics benchmark lays them down (same generator, written out here: that
 * benchmark is a script that creates its database on import), plus what the other reports
 * read: A and C cards with the owners' fields, complaints with their clocks, SMS with replies,
 * lost-customer contacts, member cards and points. Written in bulk by SQL; the reports are the
 * product's own, through the application role.
 *
 * Each is measured against a naive baseline in the same run: the pack with the callback
 * statistics counted directly (no roll-up); the dashboard as a loop over every store and
 * month calling each store's own reports. Prints a table, then one JSON line.
 * Targets: store pack p95 ≤ 1 s, HQ dashboard p95 ≤ 2 s. `--keep` leaves the database.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { callbackStatisticsDirect } from '../src/callbacks/statistics.ts';
import { listUnsuccessfulCallbacks } from '../src/callbacks/unsuccessful.ts';
import { complaintReport } from '../src/complaints/report.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Actor } from '../src/identity/actor.ts';
import { cardAnalysis } from '../src/reports/card-analysis.ts';
import { hqDashboard } from '../src/reports/hq-dashboard.ts';
import { addMonths, daysOf } from '../src/reports/month.ts';
import { lostCustomerMonths, membershipMonths, smsMonths } from '../src/reports/month-figures.ts';
import { reportPack } from '../src/reports/report-pack.ts';
import { benchDays, percentile, seedCallbackData } from './callback-data.ts';

const quick = process.argv.includes('--quick');
const scale = quick
  ? { stores: 4, vehicles: 2_000, orders: 8_000, runs: 5, dashboardRuns: 3, baselineRuns: 1 }
  : { stores: 50, vehicles: 250_000, orders: 1_000_000, runs: 20, dashboardRuns: 10, baselineRuns: 1 };

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

async function seed(owner: postgres.Sql): Promise<string> {
  const t = await seedCallbackData(owner, scale);
  await owner`insert into users (tenant_id, id, name, email, password_hash)
    values (${t}, md5('bench-user')::uuid, '回访专员', 'bench@bench.test', 'x')`;
  // A card at delivery; C card at a car's first order (half of the cars).
  await owner`insert into card_transitions (tenant_id, store_id, vehicle_id, from_card, to_card, reason, source_kind, source_id)
    select ${t}, d.store_id, d.vehicle_id, null, 'A', 'boughtHere', 'delivery', d.id from deliveries d`;
  await owner`insert into card_transitions (tenant_id, store_id, vehicle_id, from_card, to_card, reason, source_kind, source_id)
    select distinct on (o.vehicle_id) ${t}, o.store_id, o.vehicle_id, 'A', 'C', 'firstMaintenance', 'repairOrder', o.id
    from repair_orders o where abs(hashtext(o.vehicle_id::text)) % 2 = 0 order by o.vehicle_id, o.closed_on`;
  // Complaints (one per 100 orders), 70 % closed within two days, the rest still open; their three clocks.
  await owner`insert into complaints (tenant_id, id, store_id, case_no, channel, category, severity, state, complained_at,
      complainant_name, customer_words, rule_set_version, department, dispatched_at, closed_at)
    select ${t}, md5('k' || o.id)::uuid, o.store_id, 'K' || o.dms_id, 'phone',
      (array['repairQuality', 'price', 'waitingTime', 'staffAttitude'])[1 + abs(hashtext(o.id::text)) % 4], 'ordinary',
      case when abs(hashtext(o.id::text)) % 10 < 7 then 'closed' else 'received' end, o.closed_at + interval '1 day',
      '投诉人', '不满意', 0,
      case when abs(hashtext(o.id::text)) % 10 < 7 then 'service' end,
      case when abs(hashtext(o.id::text)) % 10 < 7 then o.closed_at + interval '1 day 20 minutes' end,
      case when abs(hashtext(o.id::text)) % 10 < 7 then o.closed_at + interval '3 days' end
    from repair_orders o where abs(hashtext(o.dms_id)) % 100 = 0`;
  await owner`insert into complaint_clocks (tenant_id, store_id, complaint_id, clock, round, started_at, due_at,
      step_interval_ms, escalation, rule_set_version, rule_id, done_at)
    select ${t}, k.store_id, k.id, c.clock, 1, k.complained_at, k.complained_at + c.due, 600000, '{}', 0, 'bench',
      case when k.state = 'closed' then k.complained_at + c.done end
    from complaints k cross join (values ('dispatch', interval '30 minutes', interval '20 minutes'),
      ('plan', interval '24 hours', interval '30 hours'), ('answer', interval '48 hours', interval '40 hours')) c(clock, due, done)`;
  // SMS (one per 10 orders): 90 % sent, 80 % delivered, a reply to one in ten.
  await owner`insert into sms_messages (tenant_id, id, store_id, customer_id, phone, reason, category, idempotency_key,
      body, segments, status, queued_at, sent_at, delivered_at)
    select ${t}, md5('m' || o.id)::uuid, o.store_id, o.customer_id, '13800000000',
      (array['maintenance', 'insurance', 'survey', 'manual'])[1 + abs(hashtext(o.id::text)) % 4], 'reminder', 'M' || o.dms_id,
      '提醒', 1, case when abs(hashtext(o.id::text)) % 10 < 8 then 'delivered' when abs(hashtext(o.id::text)) % 10 < 9 then 'sent'
        else 'failed' end,
      o.closed_at, case when abs(hashtext(o.id::text)) % 10 < 9 then o.closed_at end,
      case when abs(hashtext(o.id::text)) % 10 < 8 then o.closed_at end
    from repair_orders o where abs(hashtext(o.dms_id)) % 10 = 0`;
  await owner`insert into sms_replies (tenant_id, store_id, external_id, phone, text, received_at, message_id, meaning)
    select ${t}, m.store_id, 'R' || m.id, m.phone, '好', m.queued_at + interval '1 hour', m.id, 'other'
    from sms_messages m where abs(hashtext(m.id::text)) % 10 = 0`;
  // Lost customers: one car in 50 lost and contacted, a fifth of them won back.
  await owner`update vehicles set lost = true where abs(hashtext(id::text)) % 50 = 0`;
  await owner`insert into lost_customer_contacts (tenant_id, store_id, vehicle_id, customer_id, contacted_at, contacted_by,
      channel, result, won_back)
    select ${t}, v.store_id, v.id, v.current_owner_id, current_date - 1 - (abs(hashtext(v.id::text)) % ${benchDays}) + time '15:00',
      md5('bench-user')::uuid, 'phone', (array['reached', 'notReached', 'appointmentMade'])[1 + abs(hashtext(v.vin)) % 3],
      abs(hashtext(v.vin)) % 5 = 0
    from vehicles v where v.lost`;
  // Member cards on one car in ten; points earned on a fifth of the orders, some redeemed.
  await owner`insert into member_cards (tenant_id, store_id, vehicle_id, customer_id, card_no, tier, issued_on, valid_until)
    select ${t}, c.store_id, md5('v' || c.v)::uuid, md5('c' || c.v)::uuid, 'M' || c.v, 'silver', c.delivered_on, c.delivered_on + 1095
    from bench_cars c where c.v % 10 = 0`;
  await owner`insert into points_entries (tenant_id, store_id, customer_id, vehicle_id, points, reason, source_kind, source_id, created_at)
    select ${t}, o.store_id, o.customer_id, o.vehicle_id, 500, 'repairOrder', 'repairOrder', o.id, o.closed_at
    from repair_orders o where abs(hashtext(o.dms_id)) % 5 = 0`;
  await owner`insert into points_entries (tenant_id, store_id, customer_id, vehicle_id, points, reason, source_kind, source_id, created_at)
    select ${t}, e.store_id, e.customer_id, e.vehicle_id, -200, 'redeemed', 'redemption', e.id, e.created_at + interval '1 day'
    from points_entries e where abs(hashtext(e.id::text)) % 4 = 0`;
  await owner`analyze`;
  return t;
}

async function time(
  runs: number,
  query: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; firstMs: number }> {
  const first = performance.now();
  await query();
  const firstMs = Math.round(performance.now() - first);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await query();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)), firstMs };
}

/** The naive pack: every report one after another, the satisfaction tables counted directly. */
async function naivePack(db: Database, actor: Actor, storeId: string, month: string) {
  const { from, to } = daysOf(month);
  for (const by of ['salesConsultant', 'serviceAdvisor', 'repairTeam'] as const)
    await callbackStatisticsDirect({ db, actor, storeId, query: { by, month } });
  await listUnsuccessfulCallbacks({ db, actor, storeId, from, to });
  await complaintReport({ db, actor, storeId, query: { from, to } });
  await db.withTenant(actor.tenantId, async (tx) => {
    await cardAnalysis(tx, storeId, 'A', from, to);
    await cardAnalysis(tx, storeId, 'C', from, to);
    await smsMonths(tx, [storeId], from, to);
    await lostCustomerMonths(tx, [storeId], from, to);
    await membershipMonths(tx, [storeId], from, to);
  });
}

/** The naive dashboard: each store's own reports, store by store and month by month (13 months). */
async function naiveDashboard(db: Database, actor: Actor, storeIds: string[], month: string) {
  for (let back = 12; back >= 0; back--) {
    const { from, to } = daysOf(addMonths(month, -back));
    for (const storeId of storeIds) {
      await callbackStatisticsDirect({ db, actor, storeId, query: { by: 'salesConsultant', from, to } });
      await callbackStatisticsDirect({ db, actor, storeId, query: { by: 'serviceAdvisor', from, to } });
      await complaintReport({ db, actor, storeId, query: { from, to } });
      await db.withTenant(actor.tenantId, (tx) => lostCustomerMonths(tx, [storeId], from, to));
    }
  }
}

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  const seeding = performance.now();
  const tenantId = await seed(owner);
  const seededS = Math.round((performance.now() - seeding) / 1000);
  const stores = await owner<{ id: string }[]>`select id from stores order by code`;
  await owner.end();
  const storeId = stores[0]?.id ?? '';
  const db = createDatabase({ url: appUrl.toString(), max: 4 });
  const hq: Actor = {
    kind: 'user',
    tenantId,
    userId: crypto.randomUUID(),
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  const today = new Date();
  const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);

  const baseline = {
    storePack: await time(scale.baselineRuns, () => naivePack(db, hq, storeId, month)),
    dashboard: await time(scale.baselineRuns, () =>
      naiveDashboard(
        db,
        hq,
        stores.map((s) => s.id),
        month,
      ),
    ),
  };
  const results = {
    // The first dashboard read computes the roll-up of every store-month the bulk load left stale.
    dashboard: await time(scale.dashboardRuns, () => hqDashboard({ db, actor: hq, query: { month } })),
    storePack: await time(scale.runs, () => reportPack({ db, actor: hq, storeId, month })),
  };
  const pack = await reportPack({ db, actor: hq, storeId, month });
  await db.close();

  const line = (label: string, r: { p50: number; p95: number }, target: number) =>
    console.log(
      `${label.padEnd(52)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)}   ${String(target).padStart(6)}   ${r.p95 <= target ? 'ok' : 'MISSED'}`,
    );
  console.log(
    `reports — ${scale.stores} stores, ${scale.vehicles} cars, ${scale.orders} orders, month ${month} (seeded in ${seededS} s)`,
  );
  console.log(
    `store pack of ${month}: ${pack.satisfaction.salesConsultant.total.events} deliveries, ${pack.cards.A.total} A cards, ${pack.complaints.total} complaints, ${pack.sms.requested} SMS`,
  );
  console.log(`${'query'.padEnd(52)}   p50 ms   p95 ms   target`);
  line('baseline: store pack, statistics counted directly', baseline.storePack, 1000);
  line(`baseline: dashboard, ${scale.stores} stores × 13 months one by one`, baseline.dashboard, 2000);
  line('product: store pack', results.storePack, 1000);
  line(`product: HQ dashboard, ${scale.stores} stores + 12-month trend`, results.dashboard, 2000);
  console.log(`first dashboard read (computes the stale roll-up): ${results.dashboard.firstMs} ms`);
  const met = results.storePack.p95 <= 1000 && results.dashboard.p95 <= 2000;
  console.log(
    JSON.stringify({ bench: 'reports', quick, scale, month, seededS, baseline, results, targetsMet: met }),
  );
} finally {
  if (process.argv.includes('--keep')) console.log(`kept database ${dbName}`);
  else await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
