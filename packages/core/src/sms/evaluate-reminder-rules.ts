import type { Reminder } from '@crm/rules';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { type HolidayOfDay, holidayOn } from './holidays.ts';
import type { SmsRequestSink } from './reminder-scan.ts';
import { requestSmsBatch, type SmsRequest } from './request-sms.ts';
import { type Addressee, categoryOfReminder, renderFor } from './template-values.ts';

/**
 * The reminders ingestion does not schedule, because no event marks their day: they fall
 * due as the calendar moves (a policy nearing expiry, a birthday, a holiday, a year
 * without a visit). The nightly scan decides them from the store's `smsReminder` rules.
 */
export const calendarReminders: readonly Reminder[] = [
  'warrantyEnd',
  'annualInspection',
  'insuranceRenewal',
  'birthday',
  'holidayGreeting',
  'lostCustomerWinBack',
];
/** Greetings go to the customer, not to each of their cars. */
const perCustomer: readonly Reminder[] = ['birthday', 'holidayGreeting'];

const batchSize = 2_000;

interface VehicleRow extends Addressee {
  birthday: string | null;
  optedOut: boolean;
  purchaseDate: string | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  lastVisitOn: string | null;
}

export interface ReminderRulesResult {
  day: string;
  vehicles: number;
  /** New messages queued (a reminder already sent for its period is not counted again). */
  requested: number;
  /** Due, but the customer has no mobile number. */
  noNumber: number;
  /** By reminder kind, what the rules decided tonight (before de-duplication). */
  decided: Partial<Record<Reminder, number>>;
}

/**
 * Evaluates the store's `smsReminder` rules over every car the store has on file (with its
 * current owner), for the calendar reminders above, in keyset batches of 2,000: one read,
 * one decision per car, one insert of messages and outbox rows per batch, each batch its
 * own transaction. Each message's key is (customer, reminder, car or "customer", the
 * rule's occurrence), so a scan that runs twice, is killed half way and restarted, or
 * meets a reminder ingestion already queued, still sends each reminder once per period.
 */
export async function evaluateReminderRules({
  db,
  tenantId,
  storeId,
  now,
  holidays = holidayOn,
  dryRun,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
  /** The store-local date's greeting day (the Chinese calendar unless a test names another). */
  holidays?: (date: string) => HolidayOfDay | null;
  /** Decide only: the requests go to `sink` and nothing is written (the campaign preview). */
  dryRun?: { sink: SmsRequestSink };
}): Promise<ReminderRulesResult> {
  const result: ReminderRulesResult = { day: '', vehicles: 0, requested: 0, noNumber: 0, decided: {} };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.withTenant(tenantId, async (tx) => {
      const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
      if (!store) throw notFound('Store');
      const today = localDate(now, store.timeZone);
      result.day = today;
      const holiday = holidays(today);
      const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'smsReminder');
      const rows = await tx<VehicleRow[]>`
        select v.id as vehicle_id, v.plate, v.model, v.mileage_km, v.inspection_due_date, v.insurance_expiry_date,
          v.purchase_date, v.first_maintenance_on, v.last_maintenance_on, v.last_visit_on,
          c.id as customer_id, c.name as customer_name, c.gender, c.title, c.mobile, c.birthday,
          c.sms_opted_out as opted_out,
          s.name as store_name, s.phone as store_phone, s.sms_signature as store_signature
        from vehicles v
        join customers c on c.tenant_id = v.tenant_id and c.id = v.current_owner_id
        join stores s on s.tenant_id = v.tenant_id and s.id = v.store_id
        where v.tenant_id = ${tenantId} and v.store_id = ${storeId} and v.id > ${after}
        order by v.id
        limit ${batchSize}`;
      const requests: SmsRequest[] = [];
      for (const row of rows) {
        const decision = rules.compiled.decide(
          {
            customer: { optedOut: row.optedOut, ...(row.birthday ? { birthday: row.birthday } : {}) },
            vehicle: {
              ...(row.plate ? { plate: row.plate } : {}),
              ...(row.model ? { model: row.model } : {}),
              ...(row.purchaseDate ? { purchaseDate: row.purchaseDate } : {}),
              ...(row.mileageKm !== null ? { mileageKm: row.mileageKm } : {}),
              firstMaintenanceDone: row.firstMaintenanceOn !== null,
              ...(row.lastMaintenanceOn ? { lastMaintenanceDate: row.lastMaintenanceOn } : {}),
              ...(row.inspectionDueDate ? { inspectionDueDate: row.inspectionDueDate } : {}),
              ...(row.insuranceExpiryDate ? { insuranceExpiryDate: row.insuranceExpiryDate } : {}),
            },
            ...(row.lastVisitOn ? { lastVisitDate: row.lastVisitOn } : {}),
            ...(holiday ? { holiday: holiday.key } : {}),
          },
          `${today}T12:00:00Z`,
        );
        for (const reminder of decision.reminders) {
          if (!calendarReminders.includes(reminder.reminder)) continue;
          result.decided[reminder.reminder] = (result.decided[reminder.reminder] ?? 0) + 1;
          if (!row.mobile) {
            result.noNumber += 1;
            continue;
          }
          const subject = perCustomer.includes(reminder.reminder) ? 'customer' : row.vehicleId;
          requests.push({
            storeId,
            customerId: row.customerId,
            vehicleId: row.vehicleId,
            phone: row.mobile,
            reason: reminder.reminder,
            category: categoryOfReminder(reminder.reminder),
            idempotencyKey: `reminder:${row.customerId}:${reminder.reminder}:${subject}:${reminder.dedupeKey}`,
            text: renderFor(reminder.template, row, {
              reminder: reminder.reminder,
              today,
              ...(holiday ? { holidayName: holiday.name } : {}),
            }),
            signature: row.storeSignature,
          });
        }
      }
      // A customer's greeting decided on each of their cars is one message.
      const unique = [...new Map(requests.map((r) => [r.idempotencyKey, r])).values()];
      result.requested += dryRun
        ? await dryRun.sink(tx, unique)
        : (await requestSmsBatch(tx, tenantId, unique)).length;
      result.vehicles += rows.length;
      after = rows.at(-1)?.vehicleId ?? after;
      return rows.length < batchSize;
    });
    if (done) return result;
  }
}
