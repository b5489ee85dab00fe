import { maskPhone } from '../customers/masking.ts';
import type { Database } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { UnsuccessfulCallback } from './schema.ts';

/**
 * 回访不成功明细表: every call of the period (its store-local date) that did not reach the
 * customer, oldest first, with the car, the specialist, the consultant or advisor and the
 * reason. Phones masked.
 */
export async function listUnsuccessfulCallbacks({
  db,
  actor,
  storeId,
  from,
  to,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  from: string;
  to: string;
}): Promise<UnsuccessfulCallback[]> {
  assertStoreCan(actor, storeId, 'callbacks.statistics');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const rows = await tx<UnsuccessfulCallback[]>`
      select a.task_id, a.attempt_no, v.vin, c.name as customer_name, c.mobile,
        nullif(concat_ws(' ', v.series, v.model), '') as model, a.outcome, a.reason, a.unsuccessful_bucket as bucket,
        u.name as called_by_name, a.called_at, coalesce(sc.name, sa.name) as staff_name, a.note
      from callback_attempts a
      join stores s on s.id = a.store_id
      join callback_tasks t on t.id = a.task_id
      join customers c on c.id = t.customer_id
      join vehicles v on v.id = t.vehicle_id
      left join users u on u.id = a.called_by
      left join deliveries d on t.source_kind = 'delivery' and d.id = t.source_id
      left join repair_orders o on t.source_kind = 'repairOrder' and o.id = t.source_id
      left join staff_members sc on sc.id = d.sales_consultant_id
      left join staff_members sa on sa.id = o.service_advisor_id
      where a.store_id = ${storeId} and a.unsuccessful_bucket is not null
        and (a.called_at at time zone s.time_zone)::date between ${from} and ${to}
      order by a.called_at, a.attempt_no
      limit 5000`;
    return rows.map((r) => ({ ...r, mobile: maskPhone(r.mobile) }));
  });
}
