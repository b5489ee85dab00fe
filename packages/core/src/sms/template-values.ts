import { type Reminder, renderSmsTemplate, type SmsTemplateVariable } from '@crm/rules';
import type { Tx } from '../db/database.ts';

/** What a template can say about one customer, their car and the store. */
export interface Addressee {
  customerId: string;
  customerName: string;
  gender: 'male' | 'female' | null;
  title: string | null;
  mobile: string | null;
  vehicleId: string | null;
  plate: string | null;
  model: string | null;
  mileageKm: number | null;
  inspectionDueDate: string | null;
  insuranceExpiryDate: string | null;
  storeName: string;
  storePhone: string;
  storeSignature: string;
}

/** The customer (and their car: the one named, else the latest) with the store, or null if not in this store. */
export async function findAddressee(
  tx: Tx,
  storeId: string,
  customerId: string,
  vehicleId: string | null = null,
): Promise<Addressee | null> {
  const [row] = await tx<Addressee[]>`
    select c.id as customer_id, c.name as customer_name, c.gender, c.title, c.mobile,
      v.id as vehicle_id, v.plate, v.model, v.mileage_km, v.inspection_due_date, v.insurance_expiry_date,
      s.name as store_name, s.phone as store_phone, s.sms_signature as store_signature
    from customers c
    join stores s on s.tenant_id = c.tenant_id and s.id = c.store_id
    left join lateral (
      select * from vehicles v
      where v.tenant_id = c.tenant_id and v.current_owner_id = c.id
        and (${vehicleId}::uuid is null or v.id = ${vehicleId}::uuid)
      order by v.created_at desc limit 1) v on true
    where c.store_id = ${storeId} and c.id = ${customerId}`;
  return row ?? null;
}

/** 先生/女士 when the file names no title. */
const titleOf = (a: Pick<Addressee, 'title' | 'gender'>) =>
  a.title ?? (a.gender === 'male' ? '先生' : a.gender === 'female' ? '女士' : '');

/** The date a reminder is about: the inspection or policy it names, else the day it is sent. */
function dateFor(a: Addressee, reminder: Reminder | undefined, today: string): string {
  if (reminder === 'annualInspection' && a.inspectionDueDate) return a.inspectionDueDate;
  if (reminder === 'insuranceRenewal' && a.insuranceExpiryDate) return a.insuranceExpiryDate;
  return today;
}

/** Fills a template for one addressee (variables without a value render empty). */
export function renderFor(
  template: string,
  a: Addressee,
  { reminder, today, holidayName }: { reminder?: Reminder; today: string; holidayName?: string },
): string {
  const values: Partial<Record<SmsTemplateVariable, string | number>> = {
    customerName: a.customerName,
    customerTitle: titleOf(a),
    storeName: a.storeName,
    storePhone: a.storePhone,
    date: dateFor(a, reminder, today),
    ...(a.plate ? { plate: a.plate } : {}),
    ...(a.model ? { model: a.model } : {}),
    ...(a.mileageKm !== null ? { mileageKm: a.mileageKm } : {}),
    ...(holidayName ? { holidayName } : {}),
  };
  return renderSmsTemplate(template, values);
}

/** Which opt-out rule a reminder falls under: care and service reminders, or marketing. */
export function categoryOfReminder(reminder: string): 'reminder' | 'marketing' {
  return ['birthday', 'holidayGreeting', 'lostCustomerWinBack'].includes(reminder) ? 'marketing' : 'reminder';
}
