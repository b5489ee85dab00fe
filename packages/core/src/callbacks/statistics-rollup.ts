import type { Tx } from '../db/database.ts';
import { answerValue, countedTasks } from './counted-tasks.ts';
import type { StatisticsDimension } from './schema.ts';

const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The whole months inside from–to (first days of the first and last, or none) and the days at
 * either edge outside them, which are counted directly.
 *
 * @example
 * splitPeriod('2026-01-15', '2026-04-30');
 * // { months: ['2026-02-01', '2026-04-01'], edges: [['2026-01-15', '2026-01-31']] }
 */
export function splitPeriod(
  from: string,
  to: string,
): { months: [string, string] | null; edges: [string, string][] } {
  const start = utc(from);
  const firstWhole =
    start.getUTCDate() === 1 ? start : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const end = utc(to);
  const endIsLastDay = new Date(end.getTime() + 86_400_000).getUTCDate() === 1;
  const lastWholeEnd = endIsLastDay ? end : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 0));
  if (firstWhole > lastWholeEnd) return { months: null, edges: [[from, to]] };
  const edges: [string, string][] = [];
  if (start < firstWhole) edges.push([from, day(new Date(firstWhole.getTime() - 86_400_000))]);
  if (end > lastWholeEnd) edges.push([day(new Date(lastWholeEnd.getTime() + 86_400_000)), to]);
  const lastMonth = new Date(Date.UTC(lastWholeEnd.getUTCFullYear(), lastWholeEnd.getUTCMonth(), 1));
  return { months: [day(firstWhole), day(lastMonth)], edges };
}

/**
 * Brings the roll-up of these stores' months (first days, both included) up to date: the
 * store-months marked stale are computed again with the direct query and their marks deleted.
 * Serialised per tenant and dimension; the marks are read after the lock, each statement with a
 * fresh snapshot (read committed), so a write committed after the read keeps its mark.
 * Returns how many store-months were computed.
 */
export async function refreshStaleMonths(
  tx: Tx,
  tenantId: string,
  storeIds: string[],
  by: StatisticsDimension,
  [firstMonth, lastMonth]: [string, string],
): Promise<number> {
  const stale = tx`from callback_statistics_stale
    where dimension = ${by} and month between ${firstMonth} and ${lastMonth} and store_id = any(${storeIds}::uuid[])`;
  const [any] = await tx<{ stale: boolean }[]>`select exists (select 1 ${stale}) as stale`;
  if (!any?.stale) return 0;
  await tx`select pg_advisory_xact_lock(hashtextextended(${`callback-statistics:${tenantId}:${by}`}, 0))`;
  const marks = await tx<{ id: string; storeId: string; month: string }[]>`
    select id, store_id, month::text as month ${stale}`;
  if (marks.length === 0) return 0;
  const pairs = [...new Set(marks.map((m) => `${m.storeId} ${m.month}`))].map((p) => p.split(' '));
  const only = { storeIds: pairs.map(([s]) => s as string), months: pairs.map(([, m]) => m as string) };
  const months = [...only.months].sort();
  const last = utc(months.at(-1) as string);
  const to = day(new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0)));
  const these = tx`(select * from unnest(${only.storeIds}::uuid[], ${only.months}::date[]))`;
  await tx`delete from callback_statistics_monthly
    where dimension = ${by} and (store_id, month) in ${these}`;
  await tx`delete from callback_statistics_monthly_items
    where dimension = ${by} and (store_id, month) in ${these}`;
  await tx`set local jit = off`;
  await tx`
    with c as materialized (${countedTasks(tx, [...new Set(only.storeIds)], by, months[0] as string, to, only)}),
    counts as (
      insert into callback_statistics_monthly (tenant_id, store_id, month, dimension, person_id, events, attempted,
        reached, refused_or_no_answer, cannot_connect, other, fully_satisfied, basically_satisfied, dissatisfied)
      select ${tenantId}, c.store_id, date_trunc('month', c.on)::date, ${by}, c.person_id, count(*),
        count(*) filter (where c.attempted),
        count(*) filter (where c.reached),
        count(*) filter (where c.attempted and not c.reached and c.bucket = 'refusedOrNoAnswer'),
        count(*) filter (where c.attempted and not c.reached and c.bucket = 'cannotConnect'),
        count(*) filter (where c.attempted and not c.reached and coalesce(c.bucket, 'other') = 'other'),
        count(*) filter (where c.band = 'fullySatisfied'),
        count(*) filter (where c.band = 'basicallySatisfied'),
        count(*) filter (where c.band = 'dissatisfied')
      from c group by c.store_id, date_trunc('month', c.on)::date, c.person_id)
    insert into callback_statistics_monthly_items (tenant_id, store_id, month, dimension, person_id, item_id, label,
      item_type, position, total, valued, answered)
    select ${tenantId}, c.store_id, date_trunc('month', c.on)::date, ${by}, c.person_id, a.item_id, min(a.item_label),
      min(a.item_type), min(a.position), sum(${answerValue(tx)}), count(${answerValue(tx)}), count(*)
    from c join callback_answers a on a.task_id = c.task_id and a.item_type <> 'text'
    where c.reached
    group by c.store_id, date_trunc('month', c.on)::date, c.person_id, a.item_id`;
  await tx`delete from callback_statistics_stale where id = any(${marks.map((m) => m.id)}::bigint[])`;
  return pairs.length;
}

/**
 * The figures of from–to as the direct query gives them (counts and item averages per person,
 * or per store, and the total), from the roll-up for the whole months and the direct count for
 * the days at the edges. Sums of counts; each item's average is Σanswers ÷ n over the whole
 * period, in numeric, so it equals avg() to the last digit.
 */
export async function rolledUpFigures<Count, Item>(
  tx: Tx,
  tenantId: string,
  storeIds: string[],
  by: StatisticsDimension,
  from: string,
  to: string,
  perStore: boolean,
): Promise<{ counts: Count[]; items: Item[] }> {
  const { months, edges } = splitPeriod(from, to);
  if (months) await refreshStaleMonths(tx, tenantId, storeIds, by, months);
  await tx`set local jit = off`;
  const edgeSource = edges
    .map(([f, t]) => countedTasks(tx, storeIds, by, f, t))
    .reduce<ReturnType<typeof countedTasks> | null>(
      (all, next) => (all ? tx`${all} union all ${next}` : next),
      null,
    );
  const key = perStore ? tx`c.store_id` : tx`c.person_id`;
  const keyText = tx`case when grouping(${key}) = 1 then 'total' else coalesce(${key}::text, 'unassigned') end`;
  const monthly = months
    ? tx`select m.store_id, m.person_id, m.events, m.attempted, m.reached, m.refused_or_no_answer, m.cannot_connect,
          m.other, m.fully_satisfied, m.basically_satisfied, m.dissatisfied
        from callback_statistics_monthly m
        where m.dimension = ${by} and m.month between ${months[0]} and ${months[1]} and m.store_id = any(${storeIds}::uuid[])`
    : null;
  const monthlyItems = months
    ? tx`select m.store_id, m.person_id, m.item_id, m.label, m.item_type, m.position, m.total, m.valued, m.answered
        from callback_statistics_monthly_items m
        where m.dimension = ${by} and m.month between ${months[0]} and ${months[1]} and m.store_id = any(${storeIds}::uuid[])`
    : null;
  const edgeCounts = edges.length
    ? tx`select e.store_id, e.person_id, count(*)::int as events,
          count(*) filter (where e.attempted)::int as attempted,
          count(*) filter (where e.reached)::int as reached,
          count(*) filter (where e.attempted and not e.reached and e.bucket = 'refusedOrNoAnswer')::int as refused_or_no_answer,
          count(*) filter (where e.attempted and not e.reached and e.bucket = 'cannotConnect')::int as cannot_connect,
          count(*) filter (where e.attempted and not e.reached and coalesce(e.bucket, 'other') = 'other')::int as other,
          count(*) filter (where e.band = 'fullySatisfied')::int as fully_satisfied,
          count(*) filter (where e.band = 'basicallySatisfied')::int as basically_satisfied,
          count(*) filter (where e.band = 'dissatisfied')::int as dissatisfied
        from edges e group by e.store_id, e.person_id`
    : null;
  const edgeItems = edges.length
    ? tx`select e.store_id, e.person_id, a.item_id, min(a.item_label) as label, min(a.item_type) as item_type,
          min(a.position) as position, sum(${answerValue(tx)}) as total, count(${answerValue(tx)})::int as valued,
          count(*)::int as answered
        from edges e join callback_answers a on a.task_id = e.task_id and a.item_type <> 'text'
        where e.reached group by e.store_id, e.person_id, a.item_id`
    : null;
  const both = (a: typeof monthly, b: typeof monthly) =>
    a && b ? tx`${a} union all ${b}` : ((a ?? b) as NonNullable<typeof monthly>);
  const [result] = await tx<{ counts: Count[]; items: Item[] }[]>`
    with ${edges.length ? tx`edges as materialized (${edgeSource}),` : tx``}
    parts as (${both(monthly, edgeCounts)}),
    item_parts as (${both(monthlyItems, edgeItems)}),
    counts as (
      select ${keyText} as "key", min(${perStore ? tx`s.name` : tx`p.name`}) as "name",
        min(${perStore ? tx`s.code` : tx`p.name`}) as sort, grouping(${key}) as is_total,
        coalesce(sum(c.events), 0)::int as "events",
        coalesce(sum(c.attempted), 0)::int as "attempted",
        coalesce(sum(c.reached), 0)::int as "reached",
        coalesce(sum(c.refused_or_no_answer), 0)::int as "refusedOrNoAnswer",
        coalesce(sum(c.cannot_connect), 0)::int as "cannotConnect",
        coalesce(sum(c.other), 0)::int as "other",
        coalesce(sum(c.fully_satisfied), 0)::int as "fullySatisfied",
        coalesce(sum(c.basically_satisfied), 0)::int as "basicallySatisfied",
        coalesce(sum(c.dissatisfied), 0)::int as "dissatisfied"
      from parts c left join staff_members p on p.id = c.person_id left join stores s on s.id = c.store_id
      group by grouping sets ((${key}), ())
    ),
    items as (
      select ${keyText} as "key", c.item_id as "itemId", min(c.label) as "label", min(c.item_type) as "type",
        (sum(c.total) / nullif(sum(c.valued), 0))::float8 as "average",
        sum(c.answered)::int as "answered", min(c.position) as position
      from item_parts c
      group by grouping sets ((${key}, c.item_id), (c.item_id))
    )
    select
      (select coalesce(json_agg(counts order by is_total, sort nulls last, "key"), '[]') from counts) as counts,
      (select coalesce(json_agg(items order by position, "itemId"), '[]') from items) as items`;
  return { counts: result?.counts ?? [], items: result?.items ?? [] };
}
