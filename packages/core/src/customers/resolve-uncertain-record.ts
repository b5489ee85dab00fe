import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { uncertainRecordRows } from './list-uncertain-customers.ts';
import { maskPhone } from './masking.ts';
import type { ResolveUncertainRecordInput, UncertainCustomerRecord } from './uncertain-schema.ts';

export interface ResolveUncertainRecordOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  recordId: string;
  input: ResolveUncertainRecordInput;
  requestId?: string;
}

/**
 * Works one record off the list: a correction writes the recovered mobile (and name and
 * address when given) onto the customer; confirmed / unreachable / closed leave the file
 * as it is. The record is resolved, the file's flag cleared, and the audit log says who
 * did what and which fields changed (never their values), all in one transaction. A
 * record already resolved is a conflict.
 */
export async function resolveUncertainRecord({
  db,
  actor,
  storeId,
  recordId,
  input,
  requestId,
}: ResolveUncertainRecordOptions): Promise<UncertainCustomerRecord> {
  assertStoreCan(actor, storeId, 'customers.write');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    const [record] = await tx<{ id: string; customerId: string; resolvedAt: string | null }[]>`
      select id, customer_id, resolved_at from uncertain_customer_records
      where store_id = ${storeId} and id = ${recordId} for update`;
    if (!record) throw notFound('Uncertain-customer record');
    if (record.resolvedAt) throw new AppError('CONFLICT', 'This record is already resolved');

    const corrected = input.resolution === 'corrected';
    const changes: Record<string, string> = {};
    if (corrected && input.mobile !== undefined) changes.mobile = input.mobile;
    if (corrected && input.name !== undefined) changes.name = input.name;
    if (corrected && input.address) changes.mailing_address = input.address;
    await tx`
      update uncertain_customer_records set resolution = ${input.resolution},
        resolution_note = ${input.note ?? null}, resolved_by = ${user.userId}, resolved_at = now(),
        corrected_mobile = ${changes.mobile ?? null}, corrected_name = ${changes.name ?? null},
        corrected_address = ${changes.mailing_address ?? null}
      where id = ${record.id}`;
    const fields = Object.keys(changes);
    if (fields.length > 0)
      await tx`update customers c set ${tx(changes, ...fields)}, uncertain = false, updated_at = now()
        where c.id = ${record.customerId}`;
    else await tx`update customers set uncertain = false, updated_at = now() where id = ${record.customerId}`;
    await recordAudit(
      tx,
      actor,
      {
        action: `uncertainCustomer.${input.resolution}`,
        entity: 'uncertainCustomerRecord',
        entityId: record.id,
        storeId,
        details: { customerId: record.customerId, fields },
      },
      requestId,
    );
    const [row] = await tx<
      UncertainCustomerRecord[]
    >`${uncertainRecordRows(tx, actor.tenantId)} and r.id = ${record.id}`;
    if (!row) throw notFound('Uncertain-customer record');
    return { ...row, mobile: maskPhone(row.mobile) };
  });
}
