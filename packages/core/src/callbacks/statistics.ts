import type { Database, Tx } from '../db/database.ts';
import { AppError, invalid } from '../errors.ts';
import { type Actor, assertStoreCan, seesAllStores } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { answerValue, countedTasks } from './counted-tasks.ts';
import type {
  GroupStatisticsTable,
  StatisticsCall,
  StatisticsCallsQuery,
  StatisticsDimension,
  StatisticsQuery,
  StatisticsRow,
  StatisticsTable,
} from './schema.ts';
import { rolledUpFigures } from './statistics-rollup.ts';

/** The period a query names: a month, or from–to (store-local dates, both included). */
export function periodOf(query: Pick<StatisticsQuery, 'month' | 'from' | 'to'>): {
  from: string;
  to: string;
} {
  const range = query.from !== undefined || query.to !== undefined;
  if (query.month !== undefined && !range) {
    const [y, m] = query.month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { from: `${query.month}-01`, to: `${query.month}-${String(last).padStart(2, '0')}` };
  }
  if (query.month !== undefined || !query.from || !query.to)
    throw invalid('month', 'Give a month, or from and to');
  if (query.from > query.to) throw invalid('to', 'must not be before from');
  return { from: query.from, to: query.to };
}

interface CountRow {
  key: string;
  name: string | null;
  events: number;
  attempted: number;
  reached: number;
  refusedOrNoAnswer: number;
  cannotConnect: number;
  other: number;
  fullySatisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}
interface ItemRow {
  key: string;
  itemId: string;
  label: string;
  type: 'score' | 'yesNo' | 'threeWay';
  average: number | null;
  answered: number;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

type Figures = { counts: CountRow[]; items: ItemRow[] };

/** The figures counted straight from the events, tasks and answers of the period. */
async function directFigures(
  tx: Tx,
  storeIds: string[],
  by: StatisticsDimension,
  from: string,
  to: string,
  perStore: boolean,
): Promise<Figures> {
  const tasks = countedTasks(tx, storeIds, by, from, to);
  const key = perStore ? tx`c.store_id` : tx`c.person_id`;
  const keyText = tx`case when grouping(${key}) = 1 then 'total' else coalesce(${key}::text, 'unassigned') end`;
  // One statement: the counted tasks are found once and feed both the counts and the item averages.
  // JIT compiles longer than these aggregates run.
  await tx`set local jit = off`;
  const [result] = await tx<Figures[]>`
    with c as materialized (${tasks}),
    counts as (
      select ${keyText} as "key", min(${perStore ? tx`s.name` : tx`p.name`}) as "name",
        min(${perStore ? tx`s.code` : tx`p.name`}) as sort, grouping(${key}) as is_total, count(*)::int as "events",
        count(*) filter (where c.attempted)::int as "attempted",
        count(*) filter (where c.reached)::int as "reached",
        count(*) filter (where c.attempted and not c.reached and c.bucket = 'refusedOrNoAnswer')::int as "refusedOrNoAnswer",
        count(*) filter (where c.attempted and not c.reached and c.bucket = 'cannotConnect')::int as "cannotConnect",
        count(*) filter (where c.attempted and not c.reached and coalesce(c.bucket, 'other') = 'other')::int as "other",
        count(*) filter (where c.band = 'fullySatisfied')::int as "fullySatisfied",
        count(*) filter (where c.band = 'basicallySatisfied')::int as "basicallySatisfied",
        count(*) filter (where c.band = 'dissatisfied')::int as "dissatisfied"
      from c left join staff_members p on p.id = c.person_id left join stores s on s.id = c.store_id
      group by grouping sets ((${key}), ())
    ),
    items as (
      select ${keyText} as "key", a.item_id as "itemId", min(a.item_label) as "label", min(a.item_type) as "type",
        avg(${answerValue(tx)})::float8 as "average",
        count(*)::int as "answered", min(a.position) as position
      from c join callback_answers a on a.task_id = c.task_id and a.item_type <> 'text'
      where c.reached
      group by grouping sets ((${key}, a.item_id), (a.item_id))
    )
    select
      (select coalesce(json_agg(counts order by is_total, sort nulls last, "key"), '[]') from counts) as counts,
      (select coalesce(json_agg(items order by position, "itemId"), '[]') from items) as items`;
  return { counts: result?.counts ?? [], items: result?.items ?? [] };
}

/** Where the figures come from: the monthly roll-up (with the edge days counted directly), or all directly. */
type Source = 'rollUp' | 'direct';

async function computeRows(
  tx: Tx,
  tenantId: string,
  storeIds: string[],
  by: StatisticsDimension,
  from: string,
  to: string,
  perStore: boolean,
  source: Source,
): Promise<{ rows: StatisticsRow[]; total: StatisticsRow }> {
  const { counts, items } =
    source === 'rollUp'
      ? await rolledUpFigures<CountRow, ItemRow>(tx, tenantId, storeIds, by, from, to, perStore)
      : await directFigures(tx, storeIds, by, from, to, perStore);
  const shape = (r: CountRow): StatisticsRow => ({
    key: r.key,
    name: r.key === 'total' ? '合计' : (r.name ?? '未指定'),
    events: r.events,
    attempted: r.attempted,
    reached: r.reached,
    unsuccessful: {
      refusedOrNoAnswer: r.refusedOrNoAnswer,
      cannotConnect: r.cannotConnect,
      other: r.other,
      total: r.refusedOrNoAnswer + r.cannotConnect + r.other,
    },
    successRate: rate(r.reached, r.events),
    fullySatisfied: r.fullySatisfied,
    basicallySatisfied: r.basicallySatisfied,
    dissatisfied: r.dissatisfied,
    fullySatisfiedRate: rate(r.fullySatisfied, r.reached),
    basicallySatisfiedRate: rate(r.basicallySatisfied, r.reached),
    items: items
      .filter((i) => i.key === r.key)
      .map(({ itemId, label, type, average, answered }) => ({ itemId, label, type, average, answered })),
  });
  const total = counts.find((r) => r.key === 'total');
  const rows = counts.filter((r) => r.key !== 'total').map(shape);
  return { rows, total: total ? shape(total) : emptyRow('total', '合计') };
}

export interface CallbackStatisticsOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: StatisticsQuery;
}

async function storeTable(
  { db, actor, storeId, query }: CallbackStatisticsOptions,
  source: Source,
): Promise<StatisticsTable> {
  assertStoreCan(actor, storeId, 'callbacks.statistics');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const { from, to } = periodOf(query);
    const { rows, total } = await computeRows(
      tx,
      actor.tenantId,
      [storeId],
      query.by,
      from,
      to,
      false,
      source,
    );
    return { by: query.by, from, to, rows, total };
  });
}

/**
 * 满意率统计表 of one store: per sales consultant (deliveries), service advisor or repair team
 * (closed orders) for a month or a date range, with the total line (合计). Whole months come
 * from the monthly roll-up (refreshed first where calls or events changed them).
 */
export async function callbackStatistics(options: CallbackStatisticsOptions): Promise<StatisticsTable> {
  return storeTable(options, 'rollUp');
}

/** The same table counted directly, without the roll-up: the reference for tests and the benchmark's baseline. */
export async function callbackStatisticsDirect(options: CallbackStatisticsOptions): Promise<StatisticsTable> {
  return storeTable(options, 'direct');
}

export interface GroupCallbackStatisticsOptions {
  db: Database;
  actor: Actor;
  query: StatisticsQuery;
}

async function groupTable(
  { db, actor, query }: GroupCallbackStatisticsOptions,
  source: Source,
): Promise<GroupStatisticsTable> {
  if (!seesAllStores(actor)) throw new AppError('FORBIDDEN', 'Only HQ sees every store side by side');
  const { from, to } = periodOf(query);
  return db.withTenant(actor.tenantId, async (tx) => {
    const stores = await tx<
      { id: string; name: string }[]
    >`select id, name from stores where active order by code`;
    const { rows } = await computeRows(
      tx,
      actor.tenantId,
      stores.map((s) => s.id),
      query.by,
      from,
      to,
      true,
      source,
    );
    const byId = new Map(rows.map((r) => [r.key, r]));
    const all = stores.map((s) => ({
      ...(byId.get(s.id) ?? emptyRow(s.id, s.name)),
      key: s.id,
      name: s.name,
      storeId: s.id,
    }));
    const score = (r: StatisticsRow) => [r.fullySatisfiedRate ?? -1, r.successRate ?? -1] as const;
    all.sort((a, b) => {
      const [fa, sa] = score(a);
      const [fb, sb] = score(b);
      return fb - fa || sb - sa || a.name.localeCompare(b.name);
    });
    return { by: query.by, from, to, stores: all.map((r, i) => ({ ...r, rank: i + 1 })) };
  });
}

/**
 * HQ: the same figures for every store of the group side by side, ranked by fully-satisfied
 * rate, then success rate (a store without reached calls ranks last). Whole months come from
 * the monthly roll-up, the days at the edges of the period are counted directly.
 */
export async function groupCallbackStatistics(
  options: GroupCallbackStatisticsOptions,
): Promise<GroupStatisticsTable> {
  return groupTable(options, 'rollUp');
}

/** HQ's table counted directly, without the roll-up: the reference for tests and the benchmark's baseline. */
export async function groupCallbackStatisticsDirect(
  options: GroupCallbackStatisticsOptions,
): Promise<GroupStatisticsTable> {
  return groupTable(options, 'direct');
}

function emptyRow(key: string, name: string): StatisticsRow {
  return {
    key,
    name,
    events: 0,
    attempted: 0,
    reached: 0,
    unsuccessful: { refusedOrNoAnswer: 0, cannotConnect: 0, other: 0, total: 0 },
    successRate: null,
    fullySatisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    fullySatisfiedRate: null,
    basicallySatisfiedRate: null,
    items: [],
  };
}

/**
 * Drill-down to the calls behind one line of the table: every delivery or order of the
 * period that names this person (or nobody, `unassigned`), with the task counted for it —
 * the same choice of task as the table's — and how its calls went.
 */
export async function callbackStatisticsCalls({
  db,
  actor,
  storeId,
  query,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  query: StatisticsCallsQuery;
}): Promise<StatisticsCall[]> {
  assertStoreCan(actor, storeId, 'callbacks.statistics');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const { from, to } = periodOf(query);
    const person = query.key === 'unassigned' ? tx`c.person_id is null` : tx`c.person_id = ${query.key}`;
    return tx<StatisticsCall[]>`
      with c as (${countedTasks(tx, [storeId], query.by, from, to)})
      select c.kind as source_kind, c.source_id, c.on, cu.name as customer_name, v.plate, c.task_id, t.status as state,
        coalesce(t.attempts, 0) as attempts, t.last_outcome, t.reached_by, t.overall_score::float8, t.band, t.complaint_id
      from c
      left join callback_tasks t on t.id = c.task_id
      left join deliveries d on c.kind = 'delivery' and d.id = c.source_id
      left join repair_orders o on c.kind = 'repairOrder' and o.id = c.source_id
      join customers cu on cu.id = coalesce(d.customer_id, o.customer_id)
      left join vehicles v on v.id = coalesce(d.vehicle_id, o.vehicle_id)
      where ${person}
      order by c.on, c.source_id
      limit 2000`;
  });
}

/**
 * `callbackStatistics` of one store inside the caller's transaction, for work the system does
 * on the store's behalf (the quality month close): no actor, the caller has found the store.
 */
export async function storeCallbackStatistics(
  tx: Tx,
  tenantId: string,
  { storeId, by, from, to }: { storeId: string; by: StatisticsDimension; from: string; to: string },
): Promise<StatisticsTable> {
  const { rows, total } = await computeRows(tx, tenantId, [storeId], by, from, to, false, 'rollUp');
  return { by, from, to, rows, total };
}
