/**
 * `npm run bench -- callback-window [--quick]`: `callbacks.window` opening jobs per second
 * (#22) on one store with `open` open tasks spread over `agents` callback specialists. Each
 * job is the product's handler (runCallbackWindow: the task becomes due and goes to the least
 * loaded specialist), run `concurrency` at a time as the worker would, through the
 * application role. Measured in the same run on two sets of tasks whose windows opened
 * yesterday: ours reads the open tasks per specialist kept by migration 0055's triggers; the
 * baseline is the job as it was, counting every open task of each specialist for each job.
 * Also measured: the floor, a transaction that only updates each task by id — no job that
 * changes a task can run faster on the machine. At the end the kept counts must equal the
 * real counts (else exit 1). Prints a table and,
 * as its last line, one JSON object. Target: ≥ 1,000 jobs/s. `--keep` leaves the database.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openStates } from '../src/callbacks/assign.ts';
import { runCallbackWindow } from '../src/callbacks/windows.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

const quick = process.argv.includes('--quick');
const scale = quick
  ? { open: 3_000, agents: 10, jobs: 2_000, baselineJobs: 300, concurrency: 4 }
  : { open: 30_000, agents: 20, jobs: 10_000, baselineJobs: 300, concurrency: 4 };

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

/** One store, its specialists, `open` open tasks assigned round the specialists, and two sets of tasks to open. */
async function seed(
  owner: postgres.Sql,
): Promise<{ tenantId: string; storeId: string; ours: string[]; base: string[] }> {
  const [tenant] = await owner<{ id: string }[]>`
    insert into tenants (code, name) values ('bench', '基准集团') returning id`;
  if (!tenant) throw new Error('no tenant');
  const t = tenant.id;
  const [store] = await owner<{ id: string }[]>`
    insert into stores (tenant_id, code, name) values (${t}, 'S001', '门店1') returning id`;
  if (!store) throw new Error('no store');
  const s = store.id;
  await owner`insert into users (tenant_id, id, name, email, password_hash)
    select ${t}, md5('u' || n)::uuid, '回访专员' || n, 'agent' || n || '@bench.test', 'x'
    from generate_series(1, ${scale.agents}) n`;
  await owner`insert into role_assignments (tenant_id, user_id, store_id, role)
    select ${t}, md5('u' || n)::uuid, ${s}, 'callback_agent' from generate_series(1, ${scale.agents}) n`;
  await owner`insert into customers (tenant_id, id, store_id, dms_id, name)
    values (${t}, md5('c')::uuid, ${s}, 'C1', '客户')`;
  await owner`insert into vehicles (tenant_id, id, store_id, vin, current_owner_id)
    values (${t}, md5('v')::uuid, ${s}, 'LSVBE000000000001', md5('c')::uuid)`;
  // Open tasks with their specialist, in one statement: the triggers count them as they land.
  await owner`insert into callback_tasks (tenant_id, store_id, customer_id, vehicle_id, callback_type, source_kind,
      source_id, opens_on, closes_on, sms_fallback_after_attempts, status, rescheduled_to, rule_set_version, rule_id,
      assigned_to)
    select ${t}, ${s}, md5('c')::uuid, md5('v')::uuid, 'sales', 'delivery', gen_random_uuid(),
      current_date - n % 3, current_date + 3, 4, (array['due', 'scheduled', 'rescheduled'])[1 + n % 3],
      case when n % 3 = 2 then now() + interval '1 day' end, 0, 'bench', md5('u' || (1 + (n * 7) % ${scale.agents}))::uuid
    from generate_series(1, ${scale.open}) n`;
  const toOpen = async (set: string, count: number) =>
    (
      await owner<{ id: string }[]>`insert into callback_tasks (tenant_id, store_id, customer_id, vehicle_id,
          callback_type, source_kind, source_id, opens_on, closes_on, sms_fallback_after_attempts, status,
          rule_set_version, rule_id)
        select ${t}, ${s}, md5('c')::uuid, md5('v')::uuid, 'sales', 'delivery', md5(${set} || n)::uuid,
          current_date - 1, current_date + 2, 4, 'scheduled', 0, 'bench'
        from generate_series(1, ${count}) n returning id`
    ).map((r) => r.id);
  const ours = await toOpen('ours', scale.jobs);
  const base = await toOpen('base', scale.baselineJobs);
  await owner`analyze`;
  return { tenantId: t, storeId: s, ours, base };
}

/**
 * The baseline: the opening job as it was before #22 — the same task lock and state change,
 * then the round-robin that counts each specialist's open tasks over the store's open tasks.
 */
async function openByCounting(
  db: Database,
  tenantId: string,
  storeId: string,
  taskId: string,
): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await tx`select t.id, t.store_id, t.status, t.opens_on::timestamp at time zone s.time_zone as opens_at
      from callback_tasks t join stores s on s.id = t.store_id where t.id = ${taskId} for update of t`;
    await tx`update callback_tasks set status = 'due', updated_at = now()
      where id = ${taskId} and status = 'scheduled' returning id`;
    await tx`
      with specialists as (
        select u.id, (row_number() over (order by coalesce(l.open, 0), u.id) - 1)::int as slot,
          count(*) over ()::int as n
        from users u
        left join lateral (
          select count(*) as open from callback_tasks c
          where c.tenant_id = ${tenantId} and c.store_id = ${storeId} and c.assigned_to = u.id
            and c.status in ${tx(openStates)}) l on true
        where u.active and exists (select 1 from role_assignments r
          where r.user_id = u.id and r.store_id = ${storeId} and r.role = 'callback_agent')
      ), todo as (
        select t.id, (row_number() over (order by t.closes_on, t.id) - 1)::int as k
        from callback_tasks t
        where t.tenant_id = ${tenantId} and t.store_id = ${storeId} and t.assigned_to is null
          and t.status in ${tx(openStates)} and t.id = any(${[taskId]}::uuid[])
      )
      update callback_tasks t set assigned_to = s.id, updated_at = now()
      from todo join specialists s on s.slot = todo.k % s.n
      where t.id = todo.id and t.assigned_to is null
      returning t.id`;
  });
}

/** Runs `job` over the tasks, `concurrency` at a time; jobs per second. */
async function drain(taskIds: string[], job: (taskId: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: scale.concurrency }, async () => {
      while (next < taskIds.length) {
        const taskId = taskIds[next++] as string;
        await job(taskId);
      }
    }),
  );
  return Math.round(taskIds.length / ((performance.now() - started) / 1000));
}

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  const { tenantId, storeId, ours, base } = await seed(owner);
  const db = createDatabase({ url: appUrl.toString(), max: scale.concurrency });
  const baselineJobsPerS = await drain(base, (taskId) => openByCounting(db, tenantId, storeId, taskId));
  let opened = 0;
  const jobsPerS = await drain(ours, async (taskId) => {
    if ((await runCallbackWindow({ db, tenantId, taskId, edge: 'open' })) === 'opened') opened++;
  });
  // The floor on this machine: a transaction that only touches each task (one update by id).
  const floorJobsPerS = await drain(ours, (taskId) =>
    db.withTenant(tenantId, (tx) => tx`update callback_tasks set updated_at = now() where id = ${taskId}`),
  );
  const mismatched = await owner<{ userId: string; kept: number; counted: number }[]>`
    select u.id as user_id, coalesce(k.open, 0) as kept, coalesce(c.open, 0)::int as counted
    from users u
    left join callback_open_counts k on k.store_id = ${storeId} and k.user_id = u.id
    left join (select assigned_to, count(*) as open from callback_tasks
      where store_id = ${storeId} and status in ${owner(openStates)} group by assigned_to) c on c.assigned_to = u.id
    where coalesce(k.open, 0) <> coalesce(c.open, 0)`;
  const [unassigned] = await owner<{ n: number }[]>`
    select count(*)::int as n from callback_tasks where status = 'due' and assigned_to is null`;
  const [spread] = await owner<{ least: number; most: number }[]>`
    select min(open) as least, max(open) as most from callback_open_counts where store_id = ${storeId}`;
  await owner.end();
  await db.close();
  const countsExact = mismatched.length === 0 && unassigned?.n === 0 && opened === ours.length;
  const ratio = Math.round((jobsPerS / baselineJobsPerS) * 10) / 10;
  console.log(
    `callbacks.window (opening) — one store, ${scale.open} open tasks, ${scale.agents} specialists, ${scale.concurrency} at a time`,
  );
  console.log(`${'job'.padEnd(52)} ${'jobs'.padStart(6)} ${'jobs/s'.padStart(8)}   target`);
  console.log(
    `${'baseline: counts every open task per specialist'.padEnd(52)} ${String(base.length).padStart(6)} ${String(baselineJobsPerS).padStart(8)}`,
  );
  console.log(
    `${'ours: open tasks kept per specialist (0055)'.padEnd(52)} ${String(ours.length).padStart(6)} ${String(jobsPerS).padStart(8)}   ≥ 1000`,
  );
  console.log(
    `${'floor: a transaction touching the task, nothing else'.padEnd(52)} ${String(ours.length).padStart(6)} ${String(floorJobsPerS).padStart(8)}`,
  );
  console.log(
    `ratio ${ratio}×; kept counts equal the real counts: ${countsExact} (${mismatched.length} differ, ${unassigned?.n} due unassigned); open per specialist ${spread?.least}–${spread?.most}`,
  );
  if (!countsExact) process.exitCode = 1;
  console.log(
    JSON.stringify({
      bench: 'callback-window',
      quick,
      scale,
      jobs_per_s: jobsPerS,
      baseline_jobs_per_s: baselineJobsPerS,
      ratio,
      floor_jobs_per_s: floorJobsPerS,
      countsExact,
    }),
  );
} finally {
  if (process.argv.includes('--keep')) console.log(`kept database ${dbName}`);
  else await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
