import { maskPhone } from '../customers/masking.ts';
import type { Database } from '../db/database.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { QueueItem } from './schema.ts';

/**
 * The queue of today (store-local): tasks whose window is open today — due, rescheduled to
 * a time now past, and the specialist's own call in progress — VIP-first tasks ahead, then
 * by window end (the last day first), then by the agreed or opening time. A specialist sees
 * theirs and the unassigned ones (`mine`); a manager may ask for everyone's. Phones masked.
 */
export async function todaysQueue({
  db,
  actor,
  storeId,
  mine = true,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  mine?: boolean;
  now?: Date;
}): Promise<QueueItem[]> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  const user = requireUser(actor);
  const at = now.toISOString();
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const rows = await tx<QueueItem[]>`
      select t.id, t.callback_type, t.status as state, t.queue, t.opens_on, t.closes_on, t.rescheduled_to, t.attempts,
        t.assigned_to, a.name as assigned_name, t.claimed_by, c.name as customer_name, c.mobile, v.plate,
        nullif(concat_ws(' ', v.series, v.model), '') as model,
        case when t.status = 'rescheduled' then 'rescheduled'
          when t.closes_on = d.today then 'lastDay' else 'due' end as urgency
      from callback_tasks t
      join stores s on s.id = t.store_id
      cross join lateral (select (${at}::timestamptz at time zone s.time_zone)::date as today) d
      join customers c on c.id = t.customer_id
      join vehicles v on v.id = t.vehicle_id
      left join users a on a.id = t.assigned_to
      where t.store_id = ${storeId} and t.opens_on <= d.today and t.closes_on >= d.today
        and (t.status in ('scheduled', 'due')
          or (t.status = 'rescheduled' and t.rescheduled_to <= ${at})
          or (t.status = 'inProgress' and t.claimed_by = ${user.userId}))
        ${mine ? tx`and (t.assigned_to = ${user.userId} or t.assigned_to is null)` : tx``}
      order by (t.queue = 'vipFirst') desc, t.closes_on, coalesce(t.rescheduled_to, t.opens_on::timestamptz), t.id
      limit 500`;
    return rows.map((r) => ({
      ...r,
      state: r.state === 'scheduled' ? 'due' : r.state,
      mobile: maskPhone(r.mobile),
    }));
  });
}
