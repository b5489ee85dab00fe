import type { Tx } from '../db/database.ts';
import type { StatisticsDimension } from './schema.ts';

/** Only these store-months (first days), pairwise: the roll-up's refresh of stale months. */
export interface StoreMonths {
  storeIds: string[];
  months: string[];
}

/**
 * The tasks counted: one per delivery or order of the period (the event's date, store-local),
 * belonging to the person the event names — the reached task if any (a double callback is
 * one event), else the latest attempted. Each task carries the figures its call recorded:
 * the band was decided by the store's rule when the answer came, never re-derived here.
 */
export function countedTasks(
  tx: Tx,
  storeIds: string[],
  by: StatisticsDimension,
  from: string,
  to: string,
  only?: StoreMonths,
) {
  const months = only ? tx`(select * from unnest(${only.storeIds}::uuid[], ${only.months}::date[]))` : null;
  const events =
    by === 'salesConsultant'
      ? tx`select d.store_id, d.id, 'delivery' as kind, d.sales_consultant_id as person_id, d.delivered_on as on
          from deliveries d
          where d.store_id = any(${storeIds}::uuid[]) and d.delivered_on between ${from} and ${to}
          ${months ? tx`and (d.store_id, date_trunc('month', d.delivered_on)::date) in ${months}` : tx``}`
      : tx`select o.store_id, o.id, 'repairOrder' as kind,
            ${by === 'serviceAdvisor' ? tx`o.service_advisor_id` : tx`o.repair_team_id`} as person_id, o.closed_on as on
          from repair_orders o
          where o.store_id = any(${storeIds}::uuid[]) and o.closed_on between ${from} and ${to}
          ${months ? tx`and (o.store_id, date_trunc('month', o.closed_on)::date) in ${months}` : tx``}`;
  return tx`
    select e.store_id, e.person_id, e.kind, e.id as source_id, e.on, k.id as task_id, coalesce(k.attempts > 0 or k.reached_by is not null, false) as attempted,
      k.reached_by is not null as reached, k.last_unsuccessful_bucket as bucket, k.band
    from (${events}) e
    left join lateral (
      select t.id, t.attempts, t.reached_by, t.last_unsuccessful_bucket, t.band from callback_tasks t
      where t.source_id = e.id and t.source_kind = e.kind and t.status <> 'cancelled'
      order by (t.reached_by is not null) desc, t.completed_at desc nulls last, t.last_attempt_at desc nulls last
      limit 1) k on true`;
}

/** An answer as a number for the item averages: the score; yes = 1; explained fully = 1. */
export const answerValue = (tx: Tx) =>
  tx`case a.item_type when 'score' then a.score when 'yesNo' then a.yes::int
    when 'threeWay' then (a.choice = 'fully')::int end`;
