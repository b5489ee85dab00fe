import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { uncertainRecordRows } from './list-uncertain-customers.ts';
import { maskPhone } from './masking.ts';
import type { OpenUncertainRecordInput, UncertainCustomerRecord } from './uncertain-schema.ts';

export interface OpenUncertainRecordOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  input: OpenUncertainRecordInput;
  requestId?: string;
}

/**
 * Staff put a customer on the uncertain list by hand (source `manual`) and the file is
 * flagged. A customer has at most one open record: a second is a conflict.
 */
export async function openUncertainRecord({
  db,
  actor,
  storeId,
  input,
  requestId,
}: OpenUncertainRecordOptions): Promise<UncertainCustomerRecord> {
  assertStoreCan(actor, storeId, 'customers.write');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [customer] = await tx<{ id: string }[]>`
      select id from customers where store_id = ${storeId} and id = ${input.customerId} for update`;
    if (!customer) throw invalid('customerId', 'no such customer at this store');
    const [opened] = await tx<{ id: string }[]>`
      insert into uncertain_customer_records (tenant_id, store_id, customer_id, reason, note, opened_by, source)
      values (${actor.tenantId}, ${storeId}, ${customer.id}, ${input.reason}, ${input.note ?? null}, ${user.userId},
        'manual')
      on conflict (tenant_id, customer_id) where resolved_at is null do nothing
      returning id`;
    if (!opened)
      throw new AppError('CONFLICT', 'This customer already has an open uncertain-customer record');
    await tx`update customers set uncertain = true, updated_at = now() where id = ${customer.id}`;
    await recordAudit(
      tx,
      actor,
      {
        action: 'uncertainCustomer.open',
        entity: 'uncertainCustomerRecord',
        entityId: opened.id,
        storeId,
        details: { customerId: customer.id, reason: input.reason, source: 'manual' },
      },
      requestId,
    );
    const [row] = await tx<
      UncertainCustomerRecord[]
    >`${uncertainRecordRows(tx, actor.tenantId)} and r.id = ${opened.id}`;
    if (!row) throw notFound('Uncertain-customer record');
    return { ...row, mobile: maskPhone(row.mobile) };
  });
}
