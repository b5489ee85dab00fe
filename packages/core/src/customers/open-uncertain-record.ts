import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
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

/** A customer an import found with a doubtful phone, by DMS id, with why and the note for the record. */
export interface ImportedUncertainPhone {
  customerDmsId: string;
  reason: 'wrongNumber' | 'emptyNumber';
  note: string;
}

/**
 * A file import's doubtful phones onto the uncertain list (source `import`, opened by no
 * one), in the import's transaction: for each customer now on file at the store with no
 * mobile — and no landline either, for an empty number — a record is opened and the file
 * flagged. A customer whose file has a mobile (from earlier, or another row) is not doubtful;
 * one with an open record keeps it. Returns how many records were opened.
 */
export async function openImportedUncertainRecords(
  tx: Tx,
  tenantId: string,
  storeId: string,
  doubts: ImportedUncertainPhone[],
): Promise<number> {
  if (doubts.length === 0) return 0;
  const opened = await tx<{ customerId: string }[]>`
    with doubt as (
      select distinct on (d.customer_dms_id) d.customer_dms_id, d.reason, d.note
      from jsonb_to_recordset(${tx.json(
        doubts.map((d, position) => ({
          customer_dms_id: d.customerDmsId,
          reason: d.reason,
          note: d.note.slice(0, 500),
          position,
        })),
      )}) as d(customer_dms_id text, reason text, note text, position integer)
      order by d.customer_dms_id, d.position
    ), opened as (
      insert into uncertain_customer_records (tenant_id, store_id, customer_id, reason, note, source)
      select ${tenantId}, ${storeId}, c.id, d.reason, d.note, 'import'
      from doubt d
      join customers c on c.tenant_id = ${tenantId} and c.store_id = ${storeId} and c.dms_id = d.customer_dms_id
      where c.mobile is null and (d.reason = 'wrongNumber' or c.landline is null)
      order by c.id
      on conflict (tenant_id, customer_id) where resolved_at is null do nothing
      returning customer_id
    )
    update customers c set uncertain = true, updated_at = now()
    from opened o
    where c.tenant_id = ${tenantId} and c.id = o.customer_id
    returning c.id as customer_id`;
  return opened.length;
}
