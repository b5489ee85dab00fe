/**
 * `npm run bench -- callback-statistics [--quick]`: the satisfaction statistics query
 * (满意率统计表) for one store-month and for a group of 50 stores over 12 months, at the
 * ingest benchmark's scale (50 stores, 250,000 cars with their deliveries, 1,000,000
 * repair orders over three years), each event with its callback task and most of them
 * with their call and answers. The data is written in bulk by SQL (the windows of an
 * ingestion today would be long closed for events three years old); the query is the
 * product's own, through the application role. Each query is measured twice in the same run:
 * the baseline counts directly (callbackStatisticsDirect), the product reads the monthly
 * roll-up (callbackStatistics). Also measured: the first group-year read, which computes the
 * roll-up of the 600 store-months the bulk load left stale, and the group-year read after a
 * call changed one store-month (that month is computed again). Prints p50/p95 per query and
 * one JSON line. Targets: p95 ≤ 200 ms for a store-month, ≤ 2 s for the group-year.
 * `--keep` leaves the database for EXPLAIN.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import {
  callbackStatistics,
  callbackStatisticsDirect,
  groupCallbackStatistics,
  groupCallbackStatisticsDirect,
} from '../src/callbacks/statistics.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Actor } from '../src/identity/actor.ts';

const quick = process.argv.includes('--quick');
const scale = quick
  ? { stores: 4, vehicles: 10_000, orders: 40_000, runs: 10 }
  : { stores: 50, vehicles: 250_000, orders: 1_000_000, runs: 20 };

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

/** Three years ending yesterday; the measured months are the last twelve. */
const days = 3 * 365;

async function seed(owner: postgres.Sql): Promise<string> {
  const [tenant] = await owner<
    { id: string }[]
  >`insert into tenants (code, name) values ('bench', '基准集团') returning id`;
  if (!tenant) throw new Error('no tenant');
  const t = tenant.id;
  await owner`insert into stores (tenant_id, code, name)
    select ${t}, 'S' || lpad(s::text, 3, '0'), '门店' || s from generate_series(1, ${scale.stores}) s`;
  await owner`insert into staff_members (tenant_id, store_id, kind, name)
    select ${t}, st.id, k.kind, k.prefix || n
    from stores st, (values ('salesConsultant', '顾问', 8), ('serviceAdvisor', '服务', 6), ('repairTeam', '班组', 4)) k(kind, prefix, count),
      lateral generate_series(1, k.count) n`;
  // Cars, their owners and deliveries, spread evenly over stores and the three years.
  await owner`
    create temporary table bench_cars as
    select v, (select array_agg(id order by code) from stores)[1 + v % ${scale.stores}] as store_id,
      current_date - 1 - (v % ${days}) as delivered_on
    from generate_series(1, ${scale.vehicles}) v`;
  await owner`insert into customers (tenant_id, id, store_id, dms_id, name, mobile)
    select ${t}, md5('c' || v)::uuid, store_id, 'C' || v, '客户' || v, '138' || lpad((v % 100000000)::text, 8, '0')
    from bench_cars`;
  await owner`insert into vehicles (tenant_id, id, store_id, vin, current_owner_id, delivery_date, card_type)
    select ${t}, md5('v' || v)::uuid, store_id, 'LSVBE' || lpad(v::text, 12, '0'), md5('c' || v)::uuid, delivered_on, 'A'
    from bench_cars`;
  await owner`insert into deliveries (tenant_id, id, store_id, dms_id, vehicle_id, customer_id, sales_consultant_id,
      delivered_at, delivered_on, content_hash)
    select ${t}, md5('d' || c.v)::uuid, c.store_id, 'D' || c.v, md5('v' || c.v)::uuid, md5('c' || c.v)::uuid,
      (select id from staff_members s where s.store_id = c.store_id and s.kind = 'salesConsultant'
        order by name offset c.v % 8 limit 1),
      c.delivered_on + time '10:00', c.delivered_on, 'h'
    from bench_cars c`;
  await owner`insert into repair_orders (tenant_id, id, store_id, dms_id, vehicle_id, customer_id, order_types, payer,
      labour_fen, parts_fen, self_paid_fen, service_advisor_id, repair_team_id, opened_at, opened_on, closed_at, closed_on,
      content_hash)
    select ${t}, md5('o' || o)::uuid, c.store_id, 'O' || o, md5('v' || c.v)::uuid, md5('c' || c.v)::uuid,
      array['maintenance'], 'self', 30000, 20000, 50000,
      (select id from staff_members s where s.store_id = c.store_id and s.kind = 'serviceAdvisor' order by name offset o % 6 limit 1),
      (select id from staff_members s where s.store_id = c.store_id and s.kind = 'repairTeam' order by name offset o % 4 limit 1),
      d.on + time '09:00', d.on, d.on + time '17:00', d.on, 'h'
    from generate_series(1, ${scale.orders}) o
    join bench_cars c on c.v = 1 + o % ${scale.vehicles}
    cross join lateral (select current_date - 1 - (o * 7 % ${days}) as on) d`;
  // One task per event; 85 % reached with a score, 10 % unsuccessful, 5 % never called.
  await owner`insert into callback_tasks (tenant_id, id, store_id, customer_id, vehicle_id, callback_type, source_kind,
      source_id, opens_on, closes_on, sms_fallback_after_attempts, status, rule_set_version, rule_id, attempts,
      reached_by, overall_score, band, last_unsuccessful_bucket, last_attempt_at, completed_at)
    select ${t}, md5('t' || e.id)::uuid, e.store_id, e.customer_id, e.vehicle_id, e.type, e.kind, e.id, e.on + 7, e.on + 10, 4,
      case when r < 85 then 'done' when r < 95 then 'failed' else 'failed' end, 0, 'bench',
      case when r < 95 then 1 else 0 end,
      case when r < 85 then 'call' end,
      case when r < 85 then 3 + r % 8 end,
      case when r >= 85 then null when 3 + r % 8 >= 8 then 'fullySatisfied' when 3 + r % 8 >= 6 then 'basicallySatisfied'
        else 'dissatisfied' end,
      case when r >= 85 and r < 95 then (array['refusedOrNoAnswer', 'cannotConnect', 'other'])[1 + r % 3] end,
      case when r < 95 then e.on + 8 + time '10:00' end, case when r < 85 then e.on + 8 + time '10:05' end
    from (
      select d.id, d.store_id, d.customer_id, d.vehicle_id, 'sales' as type, 'delivery' as kind, d.delivered_on as on,
        abs(hashtext(d.id::text)) % 100 as r from deliveries d
      union all
      select o.id, o.store_id, o.customer_id, o.vehicle_id, 'afterSales', 'repairOrder', o.closed_on,
        abs(hashtext(o.id::text)) % 100 from repair_orders o) e`;
  await owner`insert into callback_attempts (tenant_id, id, store_id, task_id, attempt_no, outcome, reason,
      unsuccessful_bucket, called_at)
    select ${t}, md5('a' || id)::uuid, store_id, id, 1,
      case when reached_by is not null then 'satisfied' else 'unsuccessful' end,
      case when reached_by is null then 'noAnswer' end, last_unsuccessful_bucket, last_attempt_at
    from callback_tasks where attempts > 0`;
  await owner`insert into callback_answers (tenant_id, task_id, item_id, store_id, attempt_id, position, item_type,
      item_label, score, yes, questionnaire_key, rule_set_version)
    select ${t}, k.id, i.item, k.store_id, md5('a' || k.id)::uuid, i.pos, i.type, i.item,
      case when i.type = 'score' then k.overall_score end, case when i.type = 'yesNo' then k.overall_score >= 6 end,
      k.callback_type, 0
    from callback_tasks k
    cross join lateral (values ('overall', 0, 'score'), ('greetedPromptly', 1, 'yesNo'), ('diagnosis', 8, 'score'),
      ('workQuality', 9, 'score')) i(item, pos, type)
    where k.reached_by is not null`;
  await owner`analyze`;
  return t;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function time(
  runs: number,
  query: () => Promise<unknown>,
  before: () => Promise<unknown> = async () => {},
): Promise<{ p50: number; p95: number }> {
  await query();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    const started = performance.now();
    await query();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)) };
}

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  const seeding = performance.now();
  const tenantId = await seed(owner);
  const seededS = Math.round((performance.now() - seeding) / 1000);
  const [store] = await owner<{ id: string }[]>`select id from stores order by code limit 1`;
  const db = createDatabase({ url: appUrl.toString(), max: 2 });
  const hq: Actor = {
    kind: 'user',
    tenantId,
    userId: crypto.randomUUID(),
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  const today = new Date();
  const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
  const yearFrom = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), 1))
    .toISOString()
    .slice(0, 10);
  const yearTo = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0))
    .toISOString()
    .slice(0, 10);
  const storeId = store?.id ?? '';
  const salesMonth = { by: 'salesConsultant', month: lastMonth } as const;
  const advisorMonth = { by: 'serviceAdvisor', month: lastMonth } as const;
  const advisorYear = { by: 'serviceAdvisor', from: yearFrom, to: yearTo } as const;
  /** A call recorded on one order of last month at a store: its store-month goes stale. */
  let calls = 0;
  const recordOneCall = () =>
    owner`update callback_tasks set attempts = attempts + 1, last_attempt_at = now()
      where id = (select t.id from callback_tasks t join repair_orders o on o.id = t.source_id
        where t.store_id = ${storeId} and o.closed_on between ${`${lastMonth}-01`}::date and ${yearTo}::date
        order by t.id offset ${calls++ % 50} limit 1)`;

  const baseline = {
    storeMonthSales: await time(scale.runs, () =>
      callbackStatisticsDirect({ db, actor: hq, storeId, query: salesMonth }),
    ),
    storeMonthAdvisor: await time(scale.runs, () =>
      callbackStatisticsDirect({ db, actor: hq, storeId, query: advisorMonth }),
    ),
    groupYearAdvisor: await time(Math.max(3, scale.runs / 4), () =>
      groupCallbackStatisticsDirect({ db, actor: hq, query: advisorYear }),
    ),
  };
  const started = performance.now();
  const first = await groupCallbackStatistics({ db, actor: hq, query: advisorYear });
  const firstGroupYearMs = Math.round(performance.now() - started);
  const same =
    JSON.stringify(first) ===
    JSON.stringify(await groupCallbackStatisticsDirect({ db, actor: hq, query: advisorYear }));
  const results = {
    storeMonthSales: await time(scale.runs, () =>
      callbackStatistics({ db, actor: hq, storeId, query: salesMonth }),
    ),
    storeMonthAdvisor: await time(scale.runs, () =>
      callbackStatistics({ db, actor: hq, storeId, query: advisorMonth }),
    ),
    groupYearAdvisor: await time(scale.runs, () =>
      groupCallbackStatistics({ db, actor: hq, query: advisorYear }),
    ),
    groupYearAfterACall: await time(
      scale.runs,
      () => groupCallbackStatistics({ db, actor: hq, query: advisorYear }),
      recordOneCall,
    ),
  };
  await owner.end();
  await db.close();
  const line = (label: string, r: { p50: number; p95: number }, target: number) =>
    console.log(`${label.padEnd(44)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)}   ${target}`);
  console.log(
    `callback statistics — ${scale.stores} stores, ${scale.vehicles} cars, ${scale.orders} orders (seeded in ${seededS} s)`,
  );
  console.log(`${'query'.padEnd(44)}   p50 ms   p95 ms   target p95`);
  line('baseline (direct): store-month, sales', baseline.storeMonthSales, 200);
  line('baseline (direct): store-month, advisor', baseline.storeMonthAdvisor, 200);
  line(`baseline (direct): ${scale.stores} stores, 12 months`, baseline.groupYearAdvisor, 2000);
  line('roll-up: store-month, per sales consultant', results.storeMonthSales, 200);
  line('roll-up: store-month, per service advisor', results.storeMonthAdvisor, 200);
  line(`roll-up: ${scale.stores} stores, 12 months`, results.groupYearAdvisor, 2000);
  line(`roll-up: ${scale.stores} stores, 12 months, after a call`, results.groupYearAfterACall, 2000);
  console.log(
    `first group-year read (computes the ${scale.stores * 12} stale store-months): ${firstGroupYearMs} ms; same figures as direct: ${same}`,
  );
  if (!same) process.exitCode = 1;
  console.log(
    JSON.stringify({
      bench: 'callback-statistics',
      quick,
      scale,
      seededS,
      baseline,
      results,
      firstGroupYearMs,
      sameAsDirect: same,
    }),
  );
} finally {
  if (process.argv.includes('--keep')) console.log(`kept database ${dbName}`);
  else await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
