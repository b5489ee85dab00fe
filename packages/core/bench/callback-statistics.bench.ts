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
import { percentile, seedCallbackData } from './callback-data.ts';

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

async function seed(owner: postgres.Sql): Promise<string> {
  const t = await seedCallbackData(owner, scale);
  await owner`analyze`;
  return t;
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
