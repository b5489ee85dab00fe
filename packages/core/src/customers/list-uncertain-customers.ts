import type { Database, Tx } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { maskPhone } from './masking.ts';
import type { ListUncertainCustomersQuery, UncertainCustomerRecord } from './uncertain-schema.ts';

export interface ListUncertainCustomersOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: ListUncertainCustomersQuery;
}

/** The record's columns with its customer, one car of theirs and the names of who opened and resolved it. */
export const uncertainRecordRows = (tx: Tx, tenantId: string) => tx`
  select r.id, r.customer_id, c.name as customer_name, c.mobile, v.id as vehicle_id, v.vin, v.plate,
    r.reason, r.source, r.note, r.opened_at, o.name as opened_by_name, r.resolution, r.resolution_note,
    r.resolved_at, d.name as resolved_by_name
  from uncertain_customer_records r
  join customers c on c.tenant_id = r.tenant_id and c.id = r.customer_id
  left join users o on o.tenant_id = r.tenant_id and o.id = r.opened_by
  left join users d on d.tenant_id = r.tenant_id and d.id = r.resolved_by
  left join lateral (
    select x.id, x.vin, x.plate from vehicles x
    where x.tenant_id = r.tenant_id and x.store_id = r.store_id and x.current_owner_id = r.customer_id
    order by x.last_visit_on desc nulls last, x.id limit 1
  ) v on true
  where r.tenant_id = ${tenantId}`;

/**
 * 不确定客户记录表: the store's open records (oldest first, the order they are worked in), or
 * the resolved ones (latest first). Phones are masked; the file page unmasks on request.
 */
export async function listUncertainCustomers({
  db,
  actor,
  storeId,
  query,
}: ListUncertainCustomersOptions): Promise<UncertainCustomerRecord[]> {
  assertStoreCan(actor, storeId, 'customers.read');
  const rows = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return query.status === 'open'
      ? tx<UncertainCustomerRecord[]>`${uncertainRecordRows(tx, actor.tenantId)}
          and r.store_id = ${storeId} and r.resolved_at is null
          order by r.opened_at, r.id limit ${query.limit}`
      : tx<UncertainCustomerRecord[]>`${uncertainRecordRows(tx, actor.tenantId)}
          and r.store_id = ${storeId} and r.resolved_at is not null
          order by r.resolved_at desc, r.id limit ${query.limit}`;
  });
  return rows.map((row) => ({ ...row, mobile: maskPhone(row.mobile) }));
}
