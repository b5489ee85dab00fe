import { maskPhone } from '../customers/masking.ts';
import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { LostCustomer, LostCustomerContact, LostCustomerQuery } from './schema.ts';

export interface ListLostCustomersOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: LostCustomerQuery;
}

/**
 * The store's lost customers (流失客户): cars the classification rules mark lost (no visit
 * for 12 months by default; the nightly scan keeps the mark current), longest absent first,
 * each with its latest contact. Numbers masked.
 */
export async function listLostCustomers({
  db,
  actor,
  storeId,
  query,
}: ListLostCustomersOptions): Promise<LostCustomer[]> {
  assertStoreCan(actor, storeId, 'lostCustomers.read');
  const rows = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return tx<LostCustomer[]>`
      select v.id as vehicle_id, c.id as customer_id, c.name as customer_name, c.mobile as phone, v.plate, v.model,
        v.last_visit_on, v.loyalty_category, v.abc_grade,
        coalesce(k.contacts, 0)::int as contacts,
        case when k.contacted_at is null then null else jsonb_build_object('contactedAt', k.contacted_at,
          'channel', k.channel, 'result', k.result, 'wonBack', k.won_back) end as last_contact,
        coalesce(k.ever_won_back, false) as won_back
      from vehicles v
      join customers c on c.tenant_id = v.tenant_id and c.id = v.current_owner_id
      left join lateral (
        select count(*) over () as contacts, l.contacted_at, l.channel, l.result, l.won_back,
          bool_or(l.won_back) over () as ever_won_back
        from lost_customer_contacts l
        where l.tenant_id = v.tenant_id and l.vehicle_id = v.id
        order by l.contacted_at desc, l.created_at desc limit 1
      ) k on true
      where v.tenant_id = ${actor.tenantId} and v.store_id = ${storeId} and v.lost
        ${query.plate ? tx`and v.plate like ${`%${query.plate}%`}` : tx``}
        ${query.contacted === 'never' ? tx`and k.contacted_at is null` : tx``}
        ${query.contacted === 'yes' ? tx`and k.contacted_at is not null` : tx``}
        ${query.wonBack ? tx`and coalesce(k.ever_won_back, false) = ${query.wonBack === 'true'}` : tx``}
      order by v.last_visit_on nulls first, v.id
      limit ${query.limit} offset ${query.offset}`;
  });
  return rows.map((row) => ({ ...row, phone: maskPhone(row.phone) }));
}

/** A lost customer's contact log (流失客户联络表), newest first. */
export async function listLostCustomerContacts({
  db,
  actor,
  storeId,
  vehicleId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  vehicleId: string;
}): Promise<LostCustomerContact[]> {
  assertStoreCan(actor, storeId, 'lostCustomers.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    // Another store's car (or none) is not found, not a car with no contacts.
    const [vehicle] = await tx`
      select 1 from vehicles where tenant_id = ${actor.tenantId} and store_id = ${storeId} and id = ${vehicleId}`;
    if (!vehicle) throw notFound('Vehicle');
    return selectContacts(tx, storeId, vehicleId);
  });
}

export const selectContacts = (tx: Tx, storeId: string, vehicleId: string, id?: string) => tx<
  LostCustomerContact[]
>`
  select l.id, l.vehicle_id, l.customer_id, l.contacted_at, jsonb_build_object('id', u.id, 'name', u.name) as contacted_by,
    l.channel, l.result, l.lost_reason, l.customer_view, l.won_back
  from lost_customer_contacts l
  join users u on u.tenant_id = l.tenant_id and u.id = l.contacted_by
  where l.store_id = ${storeId} and l.vehicle_id = ${vehicleId} ${id ? tx`and l.id = ${id}` : tx``}
  order by l.contacted_at desc, l.created_at desc`;
