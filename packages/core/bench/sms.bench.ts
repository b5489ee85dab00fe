/**
 * `npm run bench -- sms [--quick]`: the SMS nightly reminder scan and the send pipeline, in a
 * fresh database. The scan evaluates the stores' `smsReminder` rules over every car on file
 * (1,000,000 cars across 50 stores; --quick 20,000 across 10) and queues the due reminders
 * (messages + outbox rows), streamed in keyset batches, stores side by side; target ≤ 60 s.
 * Then every queued message goes outbox → relay → BullMQ `sms` queue → worker → the log
 * provider; target ≥ 2,000 messages/s. Each is measured against a naive loop in the same
 * run — the scan as one query, one decision and one transaction per car; the sends one
 * after another without the queue, and through the queue with one job per message (the
 * path campaigns took before `sms.sendBatch`) — on a sample, its rate extrapolated. Prints a table,
 * then one JSON line. Needs PostgreSQL (BENCH_DATABASE_URL) and Redis (BENCH_REDIS_URL;
 * BENCH_QUEUE=postgres for BullMQ's Postgres backend).
 */
import { randomBytes } from 'node:crypto';
import { smsReminderKind } from '@crm/rules';
import postgres from 'postgres';
import { createDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { localDate } from '../src/events/store-clock.ts';
import { createLogger } from '../src/logger.ts';
import { startRelay } from '../src/outbox/relay.ts';
import { createQueueBackend } from '../src/queues/backend.ts';
import { startWorkers } from '../src/queues/worker.ts';
import { effectiveRuleSetOf } from '../src/rulesets/effective.ts';
import { deliverSms } from '../src/sms/deliver-sms.ts';
import { calendarReminders, evaluateReminderRules } from '../src/sms/evaluate-reminder-rules.ts';
import { requestSms } from '../src/sms/request-sms.ts';
import { type Addressee, categoryOfReminder, renderFor } from '../src/sms/template-values.ts';

// The log provider records every message in the send log; printing 70,000 of them would be the bench.
process.env.NODE_ENV = 'test';

const quick = process.argv.includes('--quick');
const scale = quick
  ? { stores: 10, perStore: 2_000, naiveScan: 500, naiveSend: 200 }
  : { stores: 50, perStore: 20_000, naiveScan: 5_000, naiveSend: 1_000 };
const vehicles = scale.stores * scale.perStore;
const storesAtOnce = 8;

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl =
  process.env.BENCH_QUEUE === 'postgres'
    ? undefined
    : (process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
const dbName = `crm_bench_sms_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

const seconds = (from: number) => (performance.now() - from) / 1000;

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  const owner = postgres(ownerUrl.toString(), { max: 4, onnotice: () => {}, transform: postgres.camel });
  const now = new Date();
  const today = localDate(now, 'Asia/Shanghai');
  const [tenant] = await owner<{ id: string }[]>`
    insert into tenants (code, name) values ('bench', '压测集团') returning id`;
  const tenantId = tenant?.id ?? '';
  const storeIds = (
    await owner<{ id: string }[]>`
      insert into stores (tenant_id, code, name, phone, sms_signature)
      select ${tenantId}, 'S' || n, '压测门店' || n, '0564-3336666', '鑫宝' from generate_series(1, ${scale.stores}) n
      returning id`
  ).map((s) => s.id);
  // No quiet hours (the bench runs at any hour) and no per-minute cap in the way.
  await owner`
    insert into rule_sets (tenant_id, kind, version, status, body, published_at)
    select ${tenantId}, 'smsReminder', 1, 'published', ${owner.json({ ...smsReminderKind.defaults, quietHours: { start: '00:00', end: '00:00' } } as unknown as postgres.JSONValue)}, now()`;
  await owner`
    insert into sms_settings (tenant_id, store_id, rate_per_minute)
    select ${tenantId}, id, 100000 from stores where tenant_id = ${tenantId}`;

  // Cars spread over the calendar so a realistic share falls due tonight: warranty ends
  // (2 %), insurance renewals (4 %), inspections (0.4 %), birthdays (0.3 %), lost (0.5 %).
  const seedStarted = performance.now();
  for (const storeId of storeIds) {
    await owner`
      with c as (
        insert into customers (tenant_id, store_id, dms_id, name, gender, mobile, birthday)
        select ${tenantId}, ${storeId}, 'C' || n, '车主' || n, case when n % 2 = 0 then 'male' else 'female' end,
          '138' || lpad(n::text, 8, '0'),
          case when n % 3 = 0 then ${today}::date - ((30 + n % 40) * 365 + n % 365) end
        from generate_series(1, ${scale.perStore}) n
        returning id, dms_id
      )
      insert into vehicles (tenant_id, store_id, vin, plate, model, purchase_date, mileage_km, insurance_expiry_date,
        inspection_due_date, first_maintenance_on, last_maintenance_on, last_visit_on, current_owner_id)
      select ${tenantId}, ${storeId}, 'LBENCH' || lpad(n::text, 11, '0'), '皖A' || lpad((n % 100000)::text, 5, '0'),
        '卡罗拉', ${today}::date - (n * 37 % 1500), n * 17 % 80000, ${today}::date + (n * 13 % 730),
        case when n % 10 = 0 then ${today}::date + (n * 7 % 730) end,
        ${today}::date - (n * 37 % 1500) + 90, ${today}::date - (n % 170),
        case when n % 200 = 0 then ${today}::date - 500 else ${today}::date - (n % 170) end, c.id
      from c, lateral (select substr(c.dms_id, 2)::int as n) k`;
  }
  await owner`analyze`;
  const seeded = seconds(seedStarted);

  const db = createDatabase({ url: appUrl.toString(), max: 40 });

  // The naive scan: one query, one decision and one transaction per car, on a sample of one store.
  const sampleStore = storeIds[0] ?? '';
  const sample = await owner<{ id: string }[]>`
    select id from vehicles where store_id = ${sampleStore} order by id limit ${scale.naiveScan}`;
  const naiveScanStarted = performance.now();
  let naiveRequested = 0;
  for (const { id } of sample) {
    naiveRequested += await db.withTenant(tenantId, async (tx) => {
      const [row] = await tx<
        (Addressee & {
          purchaseDate: string;
          lastVisitOn: string;
          birthday: string | null;
          optedOut: boolean;
        })[]
      >`
        select v.id as vehicle_id, v.plate, v.model, v.mileage_km, v.inspection_due_date, v.insurance_expiry_date,
          v.purchase_date, v.first_maintenance_on, v.last_maintenance_on, v.last_visit_on,
          c.id as customer_id, c.name as customer_name, c.gender, c.title, c.mobile, c.birthday,
          c.sms_opted_out as opted_out, s.name as store_name, s.phone as store_phone, s.sms_signature as store_signature
        from vehicles v join customers c on c.id = v.current_owner_id join stores s on s.id = v.store_id
        where v.id = ${id}`;
      if (!row?.mobile) return 0;
      const rules = await effectiveRuleSetOf(tx, tenantId, sampleStore, 'smsReminder');
      const decision = rules.compiled.decide(
        {
          customer: { optedOut: row.optedOut, ...(row.birthday ? { birthday: row.birthday } : {}) },
          vehicle: {
            purchaseDate: row.purchaseDate,
            ...(row.mileageKm !== null ? { mileageKm: row.mileageKm } : {}),
            ...(row.inspectionDueDate ? { inspectionDueDate: row.inspectionDueDate } : {}),
            ...(row.insuranceExpiryDate ? { insuranceExpiryDate: row.insuranceExpiryDate } : {}),
          },
          lastVisitDate: row.lastVisitOn,
        },
        `${today}T12:00:00Z`,
      );
      let created = 0;
      for (const r of decision.reminders) {
        if (!calendarReminders.includes(r.reminder)) continue;
        const done = await requestSms(tx, tenantId, {
          storeId: sampleStore,
          customerId: row.customerId,
          vehicleId: row.vehicleId,
          phone: row.mobile,
          reason: r.reminder,
          category: categoryOfReminder(r.reminder),
          idempotencyKey: `naive:${row.customerId}:${r.reminder}:${row.vehicleId}:${r.dedupeKey}`,
          text: renderFor(r.template, row, { reminder: r.reminder, today }),
          signature: row.storeSignature,
        });
        if (done.created) created += 1;
      }
      return created;
    });
  }
  const naiveScanRate = sample.length / seconds(naiveScanStarted);
  // Its messages are not part of what the pipeline sends below.
  await owner`delete from outbox where payload->>'messageId' in (
    select id::text from sms_messages where idempotency_key like 'naive:%')`;
  await owner`delete from sms_messages where idempotency_key like 'naive:%'`;

  // Ours: every store's cars, stores side by side.
  const scanStarted = performance.now();
  const queue = [...storeIds];
  let requested = 0;
  await Promise.all(
    Array.from({ length: storesAtOnce }, async () => {
      for (let storeId = queue.shift(); storeId; storeId = queue.shift()) {
        const result = await evaluateReminderRules({ db, tenantId, storeId, now });
        requested += result.requested;
      }
    }),
  );
  const scanSeconds = seconds(scanStarted);
  // The send log went from empty to every reminder of the night within the scan; its
  // statistics still say empty, and with them the planner reads a tenant's whole log for a
  // chunk's 500 ids. Autovacuum analyzes such a table within its minute; so does the bench.
  await owner`analyze sms_messages, outbox`;

  // The naive send: one message after another, no queue, on a sample.
  const toSend = await owner<
    { id: string }[]
  >`select id from sms_messages order by id limit ${scale.naiveSend}`;
  const naiveSendStarted = performance.now();
  for (const { id } of toSend) await deliverSms({ db, tenantId, messageId: id });
  const naiveSendRate = toSend.length / seconds(naiveSendStarted);
  await owner`delete from outbox where payload->>'messageId' = any(${toSend.map((m) => m.id)}::text[])`;

  // Ours: outbox → relay → BullMQ → workers → log provider.
  const backend = createQueueBackend({
    redisUrl,
    databaseUrl: appUrl.toString(),
    prefix: `bench-sms-${randomBytes(3).toString('hex')}`,
  });
  const log = createLogger({ name: 'bench', level: 'silent' });
  const pipelineMessages = requested - toSend.length;
  // The relay alone first (the outbox to the queue), then the workers on a full queue.
  const relayStarted = performance.now();
  const relay = startRelay({ db, backend, log, intervalMs: 20 });
  for (;;) {
    const [unsent] = await owner<
      { n: number }[]
    >`select count(*)::int as n from outbox where sent_at is null`;
    if (unsent?.n === 0) break;
    if (seconds(relayStarted) > 600)
      throw new Error(`${unsent?.n} outbox rows still unsent after 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const relaySeconds = seconds(relayStarted);
  // The workers start (connections, scripts) on the paused queue; the clock runs from its resume.
  const smsQueue = backend.queue('sms');
  await smsQueue.pause();
  const workers = startWorkers({ db, backend, log, concurrency: 64 });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const sendStarted = performance.now();
  await smsQueue.resume();
  // The rate is measured over at most two minutes; what is still queued then is reported.
  let stillQueued = 0;
  let sentAtStop = 0;
  for (;;) {
    const [row] = await owner<{ left: number; sent: number }[]>`
      select count(*) filter (where status = 'queued')::int as left,
        count(*) filter (where status = 'sent')::int as sent
      from sms_messages`;
    stillQueued = row?.left ?? 0;
    sentAtStop = row?.sent ?? 0;
    if (stillQueued === 0 || seconds(sendStarted) > 120) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const sendSeconds = seconds(sendStarted);

  // The path before the batches, in the same run: one `sms.send` job per message (what
  // single sends still use), on a sample, timed the same way (queued, relayed, then resumed).
  let perMessage: { n: number; seconds: number } | null = null;
  if (stillQueued === 0) {
    await smsQueue.pause();
    const n = scale.naiveSend * 2;
    await db.withTenant(tenantId, async (tx) => {
      for (let i = 0; i < n; i++) {
        await requestSms(tx, tenantId, {
          storeId: storeIds[i % storeIds.length] ?? '',
          customerId: null,
          phone: `139${String(i).padStart(8, '0')}`,
          reason: 'manual',
          category: 'transactional',
          idempotencyKey: `single:${i}`,
          text: '您的爱车已保养完毕',
          signature: '鑫宝',
        });
      }
    });
    for (;;) {
      const [unsent] = await owner<
        { n: number }[]
      >`select count(*)::int as n from outbox where sent_at is null`;
      if (unsent?.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = performance.now();
    await smsQueue.resume();
    for (;;) {
      const [row] = await owner<{ left: number }[]>`
        select count(*)::int as left from sms_messages where idempotency_key like 'single:%' and status = 'queued'`;
      if (row?.left === 0 || seconds(started) > 120) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    perMessage = { n, seconds: seconds(started) };
  }
  await relay.stop();
  await Promise.all(workers.map((w) => w.close()));
  await backend.close();
  const [statuses] = await owner<{ sent: number; other: number; duplicates: number }[]>`
    select count(*) filter (where status = 'sent')::int as sent,
      count(*) filter (where status not in ('sent', 'queued'))::int as other,
      (select count(*)::int from (select 1 from sms_messages group by store_id, customer_id, reason, idempotency_key
        having count(*) > 1) d) as duplicates
    from sms_messages`;
  await db.close();
  await owner.end();

  const sendRate = (sentAtStop - toSend.length) / sendSeconds;
  const perMessageRate = perMessage ? perMessage.n / perMessage.seconds : null;
  const fmt = (n: number, width = 12) => Math.round(n).toLocaleString('en-US').padStart(width);
  console.log(
    `sms bench (${quick ? 'quick' : 'full'}): ${vehicles.toLocaleString('en-US')} cars in ${scale.stores} stores, queue on ${redisUrl ? 'Redis' : 'PostgreSQL'}, Node ${process.version}`,
  );
  console.log(
    `seeded in ${seeded.toFixed(1)} s; reminders due tonight: ${requested.toLocaleString('en-US')}\n`,
  );
  console.log('what                method                                         rate/s     seconds (est.)');
  console.log(
    `nightly scan        ours: keyset batches, one insert per batch   ${fmt(vehicles / scanSeconds)} ${scanSeconds.toFixed(1).padStart(14)}`,
  );
  console.log(
    `nightly scan        naive: a query and a transaction per car     ${fmt(naiveScanRate)} ${(vehicles / naiveScanRate).toFixed(1).padStart(14)}  (${sample.length} cars sampled, ${naiveRequested} due)`,
  );
  console.log(
    `send                ours: BullMQ → batch jobs → log provider     ${fmt(sendRate)} ${sendSeconds.toFixed(1).padStart(14)}${stillQueued ? `  (stopped, ${stillQueued.toLocaleString('en-US')} still queued)` : ''}`,
  );
  console.log(
    perMessageRate
      ? `send                before: BullMQ → a job per message            ${fmt(perMessageRate)} ${(pipelineMessages / perMessageRate).toFixed(1).padStart(14)}  (${perMessage?.n} sampled)`
      : 'send                before: a job per message                      (not measured: the batch send did not finish)',
  );
  console.log(
    `relay               outbox → BullMQ, a job per 500 messages      ${fmt(pipelineMessages / relaySeconds)} ${relaySeconds.toFixed(1).padStart(14)}`,
  );
  console.log(
    `send                naive: one after another, no queue           ${fmt(naiveSendRate)} ${(pipelineMessages / naiveSendRate).toFixed(1).padStart(14)}  (${toSend.length} sampled)`,
  );
  console.log(
    `\ntargets           scan ≤ 60 s: ${scanSeconds <= 60 ? 'met' : 'missed'}; send ≥ 2,000/s: ${sendRate >= 2000 ? 'met' : 'missed'}; ${statuses?.sent.toLocaleString('en-US')} sent, ${statuses?.other} failed or suppressed, ${statuses?.duplicates} duplicate keys`,
  );
  console.log(
    JSON.stringify({
      bench: 'sms',
      quick,
      stores: scale.stores,
      vehicles,
      queue: redisUrl ? 'redis' : 'postgres',
      reminders: requested,
      scan_s: Number(scanSeconds.toFixed(2)),
      scan_cars_per_s: Math.round(vehicles / scanSeconds),
      scan_naive_cars_per_s: Math.round(naiveScanRate),
      scan_naive_est_s: Number((vehicles / naiveScanRate).toFixed(1)),
      relay_per_s: Math.round(pipelineMessages / relaySeconds),
      send_per_s: Math.round(sendRate),
      send_naive_per_s: Math.round(naiveSendRate),
      send_per_message_jobs_per_s: perMessageRate === null ? null : Math.round(perMessageRate),
      sent: statuses?.sent,
      still_queued: stillQueued,
      failed_or_suppressed: statuses?.other,
      scan_target_met: scanSeconds <= 60,
      send_target_met: sendRate >= 2000,
    }),
  );
  if (statuses?.other !== 0 || statuses?.duplicates !== 0) process.exitCode = 1;
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
// BullMQ's workers keep their own Redis connections open after close; the bench is done.
process.exit(process.exitCode ?? 0);
