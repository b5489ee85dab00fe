import { type Reminder, reminderDueOn } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { type ReminderFile, smsReminderFacts } from '../events/facts.ts';
import { localDate } from '../events/store-clock.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';

/** The reminders ingestion schedules ahead, each counting from a date on the file. */
const scheduledAhead: Reminder[] = ['firstMaintenance', 'periodicMaintenance', 'postServiceThanks'];

export interface RescheduleResult {
  /** Reminders given a new day (or a new text or rule). */
  moved: number;
  /** Reminders the new rules no longer send. */
  cancelled: number;
}

interface PendingReminder extends ReminderFile {
  id: string;
  reminder: Reminder;
  dueOn: string;
  template: string;
  ruleId: string;
}

/**
 * After a smsReminder version is published, asks the new rules again about every reminder
 * not yet sent of the stores that decide with it (the store, or for a group version every
 * store without its own), in the publishing transaction: a moved window moves the day (a
 * window already open today makes it due today), a reminder the rules no longer send is
 * cancelled, sent ones are left alone. Deterministic, so running it twice moves nothing more.
 */
export async function reschedulePendingReminders(
  tx: Tx,
  { tenantId, storeId, now = new Date() }: { tenantId: string; storeId: string | null; now?: Date },
): Promise<RescheduleResult> {
  const result: RescheduleResult = { moved: 0, cancelled: 0 };
  const stores = await tx<{ id: string; timeZone: string }[]>`
    select s.id, s.time_zone from stores s
    where s.tenant_id = ${tenantId}
      and ${
        storeId
          ? tx`s.id = ${storeId}`
          : tx`not exists (select 1 from rule_sets r where r.tenant_id = s.tenant_id
        and r.store_id = s.id and r.kind = 'smsReminder' and r.status = 'published')`
      }
    order by s.id`;
  for (const store of stores) {
    const rules = await effectiveRuleSetOf(tx, tenantId, store.id, 'smsReminder');
    const today = localDate(now, store.timeZone);
    const pending = await tx<PendingReminder[]>`
      select r.id, r.reminder, r.due_on::text as due_on, r.template, r.rule_id,
        c.sms_opted_out, c.birthday::text as birthday, v.plate, v.model, v.purchase_date::text as purchase_date,
        v.mileage_km, v.first_maintenance_on::text as first_maintenance_on,
        v.last_maintenance_on::text as last_maintenance_on, v.last_visit_on::text as last_visit_on
      from reminder_schedule r
      join customers c on c.tenant_id = r.tenant_id and c.id = r.customer_id
      join vehicles v on v.tenant_id = r.tenant_id and v.id = r.vehicle_id
      where r.tenant_id = ${tenantId} and r.store_id = ${store.id} and r.status = 'scheduled'
        and r.reminder = any(${scheduledAhead}::text[])
      order by r.id
      for update of r`;
    const changes: { id: string; status: string; due_on: string; template: string; rule_id: string }[] = [];
    for (const row of pending) {
      const from = {
        firstMaintenance: row.purchaseDate,
        periodicMaintenance: row.lastMaintenanceOn,
        postServiceThanks: row.lastVisitOn,
      }[row.reminder as 'firstMaintenance' | 'periodicMaintenance' | 'postServiceThanks'];
      const due = from
        ? reminderDueOn({
            rules: rules.compiled,
            reminder: row.reminder,
            from,
            facts: smsReminderFacts(row),
            onOrAfter: today,
          })
        : null;
      if (!due) {
        changes.push({
          id: row.id,
          status: 'cancelled',
          due_on: row.dueOn,
          template: row.template,
          rule_id: row.ruleId,
        });
        result.cancelled++;
      } else if (
        due.on !== row.dueOn ||
        due.reminder.template !== row.template ||
        due.reminder.decidedBy.ruleId !== row.ruleId
      ) {
        changes.push({
          id: row.id,
          status: 'scheduled',
          due_on: due.on,
          template: due.reminder.template,
          rule_id: due.reminder.decidedBy.ruleId,
        });
        result.moved++;
      }
    }
    if (changes.length === 0) continue;
    await tx`
      update reminder_schedule s set status = u.status, due_on = u.due_on, template = u.template,
        rule_id = u.rule_id, rule_set_id = ${rules.ruleSetId}, rule_set_version = ${rules.version}, updated_at = now()
      from jsonb_to_recordset(${tx.json(changes)}) as u(id uuid, status text, due_on date, template text, rule_id text)
      where s.tenant_id = ${tenantId} and s.id = u.id`;
  }
  return result;
}
