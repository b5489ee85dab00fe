/**
 * `npm run bench -- ledger [--quick]`: points-ledger postings per second with 16 concurrent
 * writers, on one account (every writer queues on the same balance) and on many accounts,
 * in a fresh database. Each posting is one transaction that may not take the balance below
 * zero: ours is the ledger's own posting — one statement appends the entry, then locks the
 * account row and moves its kept balance, whose check refuses a debit past it; the naive baseline in the same run serialises on an advisory
 * lock and re-sums the customer's whole ledger to check the balance. Afterwards every
 * account's balance must equal the sum of its entries and none may be negative. Prints a
 * table, then one JSON line. Needs PostgreSQL (BENCH_DATABASE_URL, default the local one).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { AppError } from '../src/errors.ts';
import { postEntries } from '../src/membership/ledger.ts';

const quick = process.argv.includes('--quick');
const writers = 16;
const scale = quick
  ? { perWriter: 100, accounts: 500, historyOne: 2_000, historyMany: 20 }
  : { perWriter: 1_000, accounts: 5_000, historyOne: 20_000, historyMany: 50 };

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `crm_bench_ledger_${randomBytes(4).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'crm_bench_app';
appUrl.password = 'crm_bench_app';

type Post = (db: Database, customerId: string, points: number) => Promise<boolean>;

interface Result {
  postings: number;
  refused: number;
  perSecond: number;
  consistent: boolean;
}

try {
  await migrate({ ownerUrl: ownerUrl.toString(), appUser: 'crm_bench_app', appPassword: 'crm_bench_app' });
  const owner = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {}, transform: postgres.camel });
  const [tenant] = await owner<{ id: string }[]>`
    insert into tenants (code, name) values ('bench', '压测集团') returning id`;
  const tenantId = tenant?.id ?? '';
  const [store] = await owner<{ id: string }[]>`
    insert into stores (tenant_id, code, name) values (${tenantId}, 'S1', '门店') returning id`;
  const storeId = store?.id ?? '';
  const customers = (
    await owner<{ id: string }[]>`
      insert into customers (tenant_id, store_id, dms_id, name)
      select ${tenantId}, ${storeId}, 'C' || n, '会员' || n from generate_series(0, ${scale.accounts}) n
      returning id`
  ).map((c) => c.id);
  const [hot, ...many] = customers as [string, ...string[]];

  // The baseline's ledger: entries only, the balance being their sum.
  await owner.unsafe(`
    create table naive_ledger (id bigserial primary key, customer_id uuid not null, points integer not null);
    create index naive_ledger_customer on naive_ledger (customer_id);
    grant select, insert on naive_ledger to crm_app_rw;
    grant usage on sequence naive_ledger_id_seq to crm_app_rw;`);
  // The same history in both: an opening credit and older earn/spend pairs, so re-summing has rows to read.
  const history = (customerId: string, n: number) =>
    owner`
      insert into points_entries (tenant_id, store_id, customer_id, points, reason, source_kind, source_id)
      select ${tenantId}, ${storeId}, ${customerId}, case when g = 0 then 1000000 when g % 2 = 1 then 7 else -5 end,
        'bench', 'bench', gen_random_uuid()
      from generate_series(0, ${n}) g`
      .then(
        () => owner`
        insert into points_accounts (tenant_id, store_id, customer_id, balance)
        select ${tenantId}, ${storeId}, ${customerId}, sum(points) from points_entries where customer_id = ${customerId}`,
      )
      .then(
        () => owner`
        insert into naive_ledger (customer_id, points)
        select ${customerId}, case when g = 0 then 1000000 when g % 2 = 1 then 7 else -5 end
        from generate_series(0, ${n}) g`,
      );
  await history(hot, scale.historyOne);
  for (const id of many) await history(id, scale.historyMany);
  await owner`analyze`;

  const db = createDatabase({ url: appUrl.toString(), max: writers });

  const ours: Post = (db, customerId, points) =>
    db
      .withTenant(tenantId, async (tx) => {
        await postEntries(tx, tenantId, storeId, [
          {
            customerId,
            vehicleId: null,
            points,
            reason: 'bench',
            sourceKind: 'bench',
            sourceId: randomUUID(),
          },
        ]);
        return true;
      })
      .catch((error: unknown) => {
        // Refused: the balance may not go below zero.
        if (error instanceof AppError && error.code === 'CONFLICT') return false;
        throw error;
      });

  const naive: Post = (db, customerId, points) =>
    db.withTenant(tenantId, async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${customerId}))`;
      const [row] = await tx<{ balance: number }[]>`
        select coalesce(sum(points), 0)::int as balance from naive_ledger where customer_id = ${customerId}`;
      if ((row?.balance ?? 0) + points < 0) return false;
      await tx`insert into naive_ledger (customer_id, points) values (${customerId}, ${points})`;
      return true;
    });

  /** 16 writers, each posting `perWriter` entries (earn 7, spend 5, alternately) to the accounts `pick` names. */
  async function run(
    post: Post,
    pick: (writer: number, i: number) => string,
  ): Promise<Omit<Result, 'consistent'>> {
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < scale.perWriter; i++) {
          if (!(await post(db, pick(w, i), i % 2 === 0 ? 7 : -5))) refused++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const postings = writers * scale.perWriter;
    return { postings, refused, perSecond: postings / seconds };
  }

  const oneAccount = () => hot;
  const manyAccounts = (w: number, i: number) => many[(w * 7919 + i * 104_729) % many.length] as string;

  const oursOne = await run(ours, oneAccount);
  const naiveOne = await run(naive, oneAccount);
  const oursMany = await run(ours, manyAccounts);
  const naiveMany = await run(naive, manyAccounts);

  const [ledger] = await owner<{ mismatched: number; negative: number }[]>`
    select count(*) filter (where a.balance <> coalesce(e.total, 0))::int as mismatched,
      count(*) filter (where a.balance < 0)::int as negative
    from points_accounts a
    left join (select customer_id, sum(points) as total from points_entries group by customer_id) e
      on e.customer_id = a.customer_id`;
  const [naiveCheck] = await owner<{ negative: number }[]>`
    select count(*)::int as negative from (select customer_id from naive_ledger group by customer_id
      having sum(points) < 0) n`;
  await db.close();
  await owner.end();

  const consistent = ledger?.mismatched === 0 && ledger.negative === 0;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
  console.log(
    `ledger bench (${quick ? 'quick' : 'full'}): ${writers} writers × ${scale.perWriter} postings, Node ${process.version}`,
  );
  console.log(
    `history: ${scale.historyOne.toLocaleString('en-US')} entries on the hot account, ${scale.historyMany} on each of ${many.length.toLocaleString('en-US')} others\n`,
  );
  console.log('scenario        method                                   postings/s   refused');
  const row = (scenario: string, method: string, r: Omit<Result, 'consistent'>) =>
    console.log(
      `${scenario.padEnd(15)} ${method.padEnd(40)} ${fmt(r.perSecond)} ${String(r.refused).padStart(9)}`,
    );
  row('one account', 'ours: one statement, kept balance', oursOne);
  row('one account', 'naive: advisory lock, re-sum the ledger', naiveOne);
  row('many accounts', 'ours: one statement, kept balance', oursMany);
  row('many accounts', 'naive: advisory lock, re-sum the ledger', naiveMany);
  console.log(
    `\nours ÷ naive    one account ${(oursOne.perSecond / naiveOne.perSecond).toFixed(1)}×, many accounts ${(oursMany.perSecond / naiveMany.perSecond).toFixed(1)}×`,
  );
  console.log(
    `ledger check    ${ledger?.mismatched} accounts whose balance ≠ sum of entries, ${ledger?.negative} negative (naive: ${naiveCheck?.negative} negative)`,
  );
  console.log(
    JSON.stringify({
      bench: 'ledger',
      quick,
      writers,
      postings_per_scenario: writers * scale.perWriter,
      one_account_per_s: Math.round(oursOne.perSecond),
      one_account_naive_per_s: Math.round(naiveOne.perSecond),
      many_accounts_per_s: Math.round(oursMany.perSecond),
      many_accounts_naive_per_s: Math.round(naiveMany.perSecond),
      ratio_one: Number((oursOne.perSecond / naiveOne.perSecond).toFixed(1)),
      ratio_many: Number((oursMany.perSecond / naiveMany.perSecond).toFixed(1)),
      consistent,
    }),
  );
  if (!consistent) process.exitCode = 1;
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
