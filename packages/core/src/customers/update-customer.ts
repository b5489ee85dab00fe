import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { customerColumns } from './get-customer-file.ts';
import { maskConfidential } from './masking.ts';
import type { Customer, UpdateCustomerInput } from './schema.ts';

export interface UpdateCustomerOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  customerId: string;
  input: UpdateCustomerInput;
  requestId?: string;
}

const columnOf: Record<keyof UpdateCustomerInput, string> = {
  name: 'name',
  gender: 'gender',
  title: 'title',
  birthday: 'birthday',
  idNumber: 'id_number',
  mobile: 'mobile',
  landline: 'landline',
  email: 'email',
  wechat: 'wechat',
  qq: 'qq',
  city: 'city',
  district: 'district',
  homeAddress: 'home_address',
  mailingAddress: 'mailing_address',
  postcode: 'postcode',
  preferredChannel: 'preferred_channel',
  convenientTime: 'convenient_time',
  occupation: 'occupation',
  industry: 'industry',
  jobTitle: 'job_title',
  interests: 'interests',
  personalityNotes: 'personality_notes',
  maritalStatus: 'marital_status',
  weddingAnniversary: 'wedding_anniversary',
  education: 'education',
  incomeBand: 'income_band',
  ageBand: 'age_band',
  infoSource: 'info_source',
  visitChannel: 'visit_channel',
  vip: 'vip',
  refusesCalls: 'refuses_calls',
  smsOptedOut: 'sms_opted_out',
};

/**
 * Edits a customer's file by hand. The audit log records who changed which fields (names
 * only, never the values: they are personal data). The answer is masked like any view.
 */
export async function updateCustomer({
  db,
  actor,
  storeId,
  customerId,
  input,
  requestId,
}: UpdateCustomerOptions): Promise<Customer> {
  assertStoreCan(actor, storeId, 'customers.write');
  const fields = (Object.keys(input) as (keyof UpdateCustomerInput)[]).filter((k) => input[k] !== undefined);
  return db.withTenant(actor.tenantId, async (tx) => {
    const changes = Object.fromEntries(fields.map((f) => [columnOf[f], input[f] ?? null]));
    const [customer] =
      fields.length === 0
        ? await tx<Customer[]>`select ${customerColumns(tx)} from customers c
            where c.store_id = ${storeId} and c.id = ${customerId}`
        : await tx<Customer[]>`
            update customers c set ${tx(changes, ...Object.keys(changes))}, updated_at = now()
            where c.store_id = ${storeId} and c.id = ${customerId}
            returning ${customerColumns(tx)}`;
    if (!customer) throw notFound('Customer');
    if (fields.length > 0)
      await recordAudit(
        tx,
        actor,
        { action: 'customer.update', entity: 'customer', entityId: customerId, storeId, details: { fields } },
        requestId,
      );
    return maskConfidential(customer);
  });
}
