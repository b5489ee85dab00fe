import type { Database } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { maskPhone } from './masking.ts';
import { halfWidth } from './normalize.ts';
import type { CustomerFileSummary, SearchCustomerFilesQuery } from './schema.ts';

export interface SearchCustomerFilesOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: SearchCustomerFilesQuery;
}

/** What the search box holds: 4–11 digits are a phone tail, 17 characters a VIN, a plate, else a name. */
export function searchTermKind(q: string): {
  kind: 'phoneTail' | 'vin' | 'vinTail' | 'plate' | 'name';
  term: string;
} {
  const term = halfWidth(q).trim();
  const compact = term.replace(/[\s·-]/g, '').toUpperCase();
  if (/^\d{4,11}$/.test(compact)) return { kind: 'phoneTail', term: compact };
  if (/^[A-HJ-NPR-Z0-9]{17}$/.test(compact)) return { kind: 'vin', term: compact };
  if (/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{4,6}[\u4e00-\u9fa5]?$/.test(compact))
    return { kind: 'plate', term: compact };
  if (/^[A-HJ-NPR-Z0-9]{6}$/.test(compact) && /\d/.test(compact)) return { kind: 'vinTail', term: compact };
  return { kind: 'name', term };
}

/**
 * Finds files (vehicles with their owner) by name prefix, phone tail, plate or VIN in one
 * store. Results always show the phone masked; the file page unmasks on request.
 */
export async function searchCustomerFiles({
  db,
  actor,
  storeId,
  query,
}: SearchCustomerFilesOptions): Promise<CustomerFileSummary[]> {
  assertStoreCan(actor, storeId, 'customers.read');
  const { kind, term } = searchTermKind(query.q);
  const rows = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const match =
      kind === 'phoneTail'
        ? tx`c.mobile_tail = ${term.slice(-4)} and c.mobile like ${`%${term}`}`
        : kind === 'vin'
          ? tx`v.vin = ${term}`
          : kind === 'vinTail'
            ? tx`right(v.vin, 6) = ${term}`
            : kind === 'plate'
              ? tx`v.plate = ${term}`
              : tx`c.name like ${`${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`;
    return tx<CustomerFileSummary[]>`
      select v.id as vehicle_id, v.vin, v.plate, v.model, v.card_type, v.abc_grade, v.last_visit_on,
        c.id as customer_id, c.name as customer_name, c.mobile, coalesce(c.uncertain, false) as uncertain
      from vehicles v
      left join customers c on c.tenant_id = v.tenant_id and c.id = v.current_owner_id
      where v.tenant_id = ${actor.tenantId} and v.store_id = ${storeId} and ${match}
      order by c.name, v.vin
      limit ${query.limit}`;
  });
  return rows.map((row) => ({ ...row, mobile: maskPhone(row.mobile) }));
}
