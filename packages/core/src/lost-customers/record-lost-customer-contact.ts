import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { selectContacts } from './list-lost-customers.ts';
import type { LostCustomerContact, RecordLostCustomerContactInput } from './schema.ts';

export interface RecordLostCustomerContactOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  vehicleId: string;
  input: RecordLostCustomerContactInput;
  now?: Date;
  requestId?: string;
}

/**
 * Appends a contact to a lost customer's log (流失客户联络表): by the signed-in person,
 * through which channel, its result, the customer's view and whether they were won back.
 * Only a car marked lost takes contacts; the log is never rewritten.
 */
export async function recordLostCustomerContact({
  db,
  actor,
  storeId,
  vehicleId,
  input,
  now = new Date(),
  requestId,
}: RecordLostCustomerContactOptions): Promise<LostCustomerContact> {
  assertStoreCan(actor, storeId, 'lostCustomers.contact');
  const user = requireUser(actor);
  const contactedAt = input.contactedAt ? new Date(input.contactedAt) : now;
  if (contactedAt.getTime() > now.getTime() + 60_000)
    throw invalid('contactedAt', 'must not be in the future');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [vehicle] = await tx<{ lost: boolean; customerId: string | null }[]>`
      select lost, current_owner_id as customer_id from vehicles where store_id = ${storeId} and id = ${vehicleId}`;
    if (!vehicle?.customerId) throw notFound('Vehicle');
    if (!vehicle.lost) throw new AppError('CONFLICT', 'This customer is not on the lost-customer list');
    const [row] = await tx<{ id: string }[]>`
      insert into lost_customer_contacts (tenant_id, store_id, vehicle_id, customer_id, contacted_at, contacted_by,
        channel, result, lost_reason, customer_view, won_back)
      values (${actor.tenantId}, ${storeId}, ${vehicleId}, ${vehicle.customerId}, ${contactedAt}, ${user.userId},
        ${input.channel}, ${input.result}, ${input.lostReason ?? null}, ${input.customerView}, ${input.wonBack})
      returning id`;
    if (!row) throw new Error('contact insert returned nothing');
    await recordAudit(
      tx,
      actor,
      { action: 'lostCustomer.contact', entity: 'vehicle', entityId: vehicleId, storeId },
      requestId,
    );
    const [contact] = await selectContacts(tx, storeId, vehicleId, row.id);
    if (!contact) throw new Error('contact vanished');
    return contact;
  });
}
