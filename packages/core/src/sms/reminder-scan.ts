import type { Reminder } from '@crm/rules';
import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { requestSmsBatch, type SmsRequest } from './request-sms.ts';
import { type Addressee, categoryOfReminder, renderFor } from './template-values.ts';

/** Reminders older than this are stale (the store was down, or the data came late): not sent. */
const staleAfterDays = 7;
const batchSize = 2_000;

/**
 * Where a scan's requests go: `requestSmsBatch` (queued messages) by default; the campaign
 * preview's dry run counts them instead. Returns how many are new.
 */
export type SmsRequestSink = (tx: Tx, requests: SmsRequest[]) => Promise<number>;

export interface ReminderScanResult {
  /** The store-local day scanned. */
  day: string;
  requested: number;
  /** Due, but the customer has no mobile number: cancelled. */
  noNumber: number;
  stale: number;
}

interface DueReminder extends Addressee {
  id: string;
  reminder: Reminder;
  dedupeKey: string;
  template: string;
}

/**
 * Turns the store's reminders due today (reminder_schedule, written by ingestion from the
 * `smsReminder` rules) into messages on the `sms` queue, in batches: one insert of messages
 * and outbox rows per batch, the schedule rows marked sent in the same transaction. Each
 * message's key is (customer, reminder, vehicle and its occurrence), so a scan that runs
 * twice, or a reminder decided twice, still sends once.
 */
export async function runReminderScan({
  db,
  tenantId,
  storeId,
  now,
  dryRun,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
  /** Decide only: the requests go to `sink`, nothing is written, nothing is locked. */
  dryRun?: { sink: SmsRequestSink };
}): Promise<ReminderScanResult> {
  const result: ReminderScanResult = { day: '', requested: 0, noNumber: 0, stale: 0 };
  // A dry run marks nothing sent, so it pages by (due_on, id) instead.
  let after: { dueOn: string; id: string } | null = null;
  for (;;) {
    const done = await db.withTenant(tenantId, async (tx) => {
      const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
      if (!store) throw notFound('Store');
      const today = localDate(now, store.timeZone);
      result.day = today;
      if (!dryRun) {
        const stale = await tx`
          update reminder_schedule set status = 'cancelled', updated_at = now()
          where store_id = ${storeId} and status = 'scheduled' and due_on < ${today}::date - ${staleAfterDays}::integer`;
        result.stale += stale.count;
      } else if (!after) {
        const [stale] = await tx<{ n: number }[]>`
          select count(*)::int as n from reminder_schedule
          where store_id = ${storeId} and status = 'scheduled' and due_on < ${today}::date - ${staleAfterDays}::integer`;
        result.stale += stale?.n ?? 0;
      }
      const due = await tx<(DueReminder & { dueOn: string })[]>`
        select r.id, r.reminder, r.due_on, r.dedupe_key, r.template,
          c.id as customer_id, c.name as customer_name, c.gender, c.title, c.mobile,
          v.id as vehicle_id, v.plate, v.model, v.mileage_km, v.inspection_due_date, v.insurance_expiry_date,
          s.name as store_name, s.phone as store_phone, s.sms_signature as store_signature
        from reminder_schedule r
        join customers c on c.tenant_id = r.tenant_id and c.id = r.customer_id
        join vehicles v on v.tenant_id = r.tenant_id and v.id = r.vehicle_id
        join stores s on s.tenant_id = r.tenant_id and s.id = r.store_id
        where r.tenant_id = ${tenantId} and r.store_id = ${storeId} and r.status = 'scheduled' and r.due_on <= ${today}
          ${dryRun ? tx`and r.due_on >= ${today}::date - ${staleAfterDays}::integer` : tx``}
          ${after ? tx`and (r.due_on, r.id) > (${after.dueOn}::date, ${after.id}::uuid)` : tx``}
        order by r.due_on, r.id
        limit ${batchSize}
        ${dryRun ? tx`` : tx`for update of r skip locked`}`;
      const requests: SmsRequest[] = [];
      const noNumber: string[] = [];
      for (const row of due) {
        if (!row.mobile) {
          noNumber.push(row.id);
          continue;
        }
        requests.push({
          storeId,
          customerId: row.customerId,
          vehicleId: row.vehicleId,
          phone: row.mobile,
          reason: row.reminder,
          category: categoryOfReminder(row.reminder),
          idempotencyKey: `reminder:${row.customerId}:${row.reminder}:${row.vehicleId}:${row.dedupeKey}`,
          text: renderFor(row.template, row, { reminder: row.reminder, today }),
          signature: row.storeSignature,
          reminderScheduleId: row.id,
        });
      }
      result.requested += dryRun
        ? await dryRun.sink(tx, requests)
        : (await requestSmsBatch(tx, tenantId, requests)).length;
      result.noNumber += noNumber.length;
      const last = due.at(-1);
      if (last) after = { dueOn: last.dueOn, id: last.id };
      if (due.length > 0 && !dryRun) {
        await tx`
          update reminder_schedule set
            status = case when id = any(${noNumber}::uuid[]) then 'cancelled' else 'sent' end, updated_at = now()
          where id = any(${due.map((d) => d.id)}::uuid[])`;
      }
      return due.length < batchSize;
    });
    if (done) return result;
  }
}
