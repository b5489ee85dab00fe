import type { Database, Tx } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { type Actor, assertCan, assertStoreCan } from '../identity/actor.ts';
import {
  type ClockBreach,
  ComplaintOutcome,
  type ComplaintReport,
  type ComplaintReportQuery,
  type GroupComplaintReport,
  ReportStep,
  type StepTimes,
} from './report-schema.ts';
import { ClockName, ComplaintCategory, type Department } from './schema.ts';

/** The longest range one report covers: a year and a day (a leap year, both ends included). */
const maxRangeDays = 366;

export interface ComplaintReportOptions {
  db: Database;
  actor: Actor;
  query: ComplaintReportQuery;
  /** The report's moment: a clock still running past its deadline is overdue up to here. */
  now?: Date;
}

function checkRange({ from, to }: ComplaintReportQuery): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw invalid('to', 'must not be before from');
  if (days >= maxRangeDays) throw invalid('to', `a report covers at most ${maxRangeDays} days`);
}

/**
 * One store's complaint report for a range of its own calendar days (投诉时间 read in the
 * store's time zone): complaints by category, department and outcome; the median and
 * average minutes from the complaint to its dispatch, first solution plan, first answer
 * and sign-off; and every clock that ran out.
 *
 * @example
 * const report = await complaintReport({ db, actor, storeId, query: { from: '2026-03-01', to: '2026-03-31' } });
 */
export async function complaintReport({
  storeId,
  ...options
}: ComplaintReportOptions & { storeId: string }): Promise<ComplaintReport> {
  const { db, actor, query, now = new Date() } = options;
  assertStoreCan(actor, storeId, 'complaints.report');
  checkRange(query);
  return db.withTenant(actor.tenantId, async (tx) => {
    const [report] = await storeReports(tx, [storeId], query, now);
    if (!report) throw notFound('Store');
    return report;
  });
}

/** Every store of the group side by side, each on its own calendar (HQ). */
export async function groupComplaintReport(options: ComplaintReportOptions): Promise<GroupComplaintReport> {
  const { db, actor, query, now = new Date() } = options;
  assertCan(actor, 'complaints.report');
  checkRange(query);
  return db.withTenant(actor.tenantId, async (tx) => {
    const stores = await tx<{ id: string }[]>`select id from stores where active order by code`;
    return {
      from: query.from,
      to: query.to,
      stores: await storeReports(
        tx,
        stores.map((s) => s.id),
        query,
        now,
      ),
    };
  });
}

interface StoreRow {
  id: string;
  code: string;
  name: string;
  timeZone: string;
}

/**
 * The figures of several stores at once, one query per figure for all of them. The
 * complaints of the range are those whose 投诉时间 falls on one of the days, on the
 * store's own clock. A clock ran out when its step was not done by the deadline: done
 * late, stopped late (not upheld, closed or replaced by a new round after the deadline),
 * or still running past it.
 */
async function storeReports(
  tx: Tx,
  storeIds: string[],
  { from, to }: ComplaintReportQuery,
  now: Date,
): Promise<ComplaintReport[]> {
  const stores = await tx<StoreRow[]>`
    select id, code, name, time_zone from stores where id = any(${storeIds}::uuid[]) order by code`;
  const inRange = () => tx`
    select c.* from complaints c join stores s on s.id = c.store_id
    where c.store_id = any(${storeIds}::uuid[])
      and (c.complained_at at time zone s.time_zone)::date between ${from}::date and ${to}::date`;
  const counts = await tx<{ storeId: string; dimension: string; key: string | null; count: number }[]>`
    with c as (${inRange()})
    select c.store_id, d.dimension, d.key, count(*)::int as count
    from c, lateral (values
      ('category', c.category),
      ('department', c.department),
      ('outcome', case c.state when 'closed' then 'resolved' when 'notUpheld' then 'notUpheld' else 'open' end)
    ) d (dimension, key)
    group by c.store_id, d.dimension, d.key
    order by c.store_id, d.dimension, count(*) desc, d.key`;
  // First plan and first answer from the timeline (a plan may be revised, an answer given again).
  const times = await tx<(StepTimes & { storeId: string })[]>`
    with c as (${inRange()}),
    reached as (
      select c.store_id, d.step, extract(epoch from d.at - c.received_at)::float8 as seconds
      from c, lateral (values
        ('dispatch', c.dispatched_at),
        ('plan', (select min(e.at) from complaint_events e where e.complaint_id = c.id and e.kind = 'planned')),
        ('answer', (select min(e.at) from complaint_events e where e.complaint_id = c.id and e.kind = 'answered')),
        ('close', case when c.state = 'closed' then c.closed_at end)
      ) d (step, at)
      where d.at is not null
    )
    select store_id, step, count(*)::int as count,
      round(percentile_cont(0.5) within group (order by seconds) / 60)::int as median_minutes,
      round(avg(seconds) / 60)::int as average_minutes
    from reached group by store_id, step`;
  const breaches = await tx<(ClockBreach & { storeId: string })[]>`
    with c as (${inRange()})
    select c.store_id, c.id as complaint_id, c.case_no, k.clock, k.round, k.due_at,
      coalesce(k.done_at, k.cancelled_at) as stopped_at,
      round(extract(epoch from coalesce(k.done_at, k.cancelled_at, ${now}) - k.due_at)::float8 / 60)::int as overdue_minutes
    from c join complaint_clocks k on k.complaint_id = c.id
    where coalesce(k.done_at, k.cancelled_at, ${now}) > k.due_at
    order by c.store_id, k.due_at, c.case_no, k.clock`;

  return stores.map((store) => {
    const mine = counts.filter((r) => r.storeId === store.id);
    const of = (dimension: string) => mine.filter((r) => r.dimension === dimension);
    const storeTimes = new Map(times.filter((t) => t.storeId === store.id).map((t) => [t.step, t]));
    const storeBreaches = breaches.filter((b) => b.storeId === store.id).map(({ storeId: _, ...b }) => b);
    return {
      storeId: store.id,
      storeCode: store.code,
      storeName: store.name,
      timeZone: store.timeZone,
      from,
      to,
      total: of('outcome').reduce((sum, r) => sum + r.count, 0),
      byCategory: of('category').map((r) => ({ category: ComplaintCategory.parse(r.key), count: r.count })),
      byDepartment: of('department').map((r) => ({ department: r.key as Department | null, count: r.count })),
      byOutcome: ComplaintOutcome.options.map((outcome) => ({
        outcome,
        count: of('outcome').find((r) => r.key === outcome)?.count ?? 0,
      })),
      times: ReportStep.options
        .map((step) => storeTimes.get(step) ?? { step, count: 0, medianMinutes: null, averageMinutes: null })
        .map(({ step, count, medianMinutes, averageMinutes }) => ({
          step,
          count,
          medianMinutes,
          averageMinutes,
        })),
      breachesByClock: ClockName.options.map((clock) => ({
        clock,
        count: storeBreaches.filter((b) => b.clock === clock).length,
      })),
      breaches: storeBreaches,
    };
  });
}
