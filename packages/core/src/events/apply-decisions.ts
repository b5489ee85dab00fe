import { type Payer, type Reminder, reminderDueOn, type ServiceType } from '@crm/rules';
import { scheduleCallbackWindows } from '../callbacks/windows.ts';
import type { Tx } from '../db/database.ts';
import { membersAt } from '../membership/members-at.ts';
import { type OrderPoints, postOrderPoints } from '../membership/order-points.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { callbackWindowFacts, pointsFacts, smsReminderFacts } from './facts.ts';
import type { RefreshedFile } from './refresh-files.ts';
import { maintenanceTypes } from './refresh-files.ts';
import type { Decision } from './schema.ts';

/** One delivery or closed order whose decisions are (re)taken: it was created or changed. */
export interface DecidableEvent {
  kind: 'delivery' | 'repairOrder';
  sourceId: string;
  /** Whether the event is an update of one already on file (stale decisions are withdrawn). */
  updated: boolean;
  vehicleId: string;
  customerId: string;
  /** Store-local date windows count from: the delivery's, or the order's close. Null: order still open. */
  occurredOn: string | null;
  /** The instant of `occurredOn` (the order's close): whether the car's card was active then decides points. */
  occurredAt?: string | null;
  /** The car's card when the order closed; points are earned by members only. */
  member?: { tier: string } | null;
  orderTypes?: ServiceType[];
  payer?: Payer;
  selfPaidFen?: number;
  customer: { vip: boolean; refusesCalls: boolean; smsOptedOut: boolean; birthday: string | null };
  vehicle: {
    cardType: 'A' | 'C' | null;
    plate: string | null;
    series: string | null;
    model: string | null;
    vin: string;
    mileageKm: number | null;
    purchaseDate: string | null;
    inspectionDueDate: string | null;
    insuranceExpiryDate: string | null;
  };
}

interface CallbackRow {
  customer_id: string;
  vehicle_id: string;
  callback_type: string;
  source_kind: string;
  source_id: string;
  opens_on: string;
  closes_on: string;
  sms_fallback_after_attempts: number;
  queue: string;
  rule_id: string;
}

/**
 * Asks the store's published rules (callback windows, points, SMS reminders) about each
 * event and writes what they decide, every row citing the rule-set version and rule. Every
 * write is keyed on its source, so deciding the same event again writes nothing new.
 * Windows and reminders already in the past (historical imports) are reported, not opened.
 */
export async function applyDecisions({
  tx,
  tenantId,
  storeId,
  events,
  files,
  today,
  now,
}: {
  tx: Tx;
  tenantId: string;
  storeId: string;
  events: DecidableEvent[];
  files: Map<string, RefreshedFile>;
  today: string;
  now: string;
}): Promise<Map<string, Decision[]>> {
  const decided = new Map<string, Decision[]>();
  if (events.length === 0) return decided;
  const [windows, points, reminders] = [
    await effectiveRuleSetOf(tx, tenantId, storeId, 'callbackWindow'),
    await effectiveRuleSetOf(tx, tenantId, storeId, 'points'),
    await effectiveRuleSetOf(tx, tenantId, storeId, 'smsReminder'),
  ];
  const callbacks: CallbackRow[] = [];
  const orderPoints: OrderPoints[] = [];
  const members = await membersAt(
    tx,
    tenantId,
    events.flatMap((e) =>
      e.kind === 'repairOrder' && e.occurredOn && e.occurredAt
        ? [{ sourceId: e.sourceId, vehicleId: e.vehicleId, closedAt: e.occurredAt, closedOn: e.occurredOn }]
        : [],
    ),
  );
  const reminderRows: Record<string, unknown>[] = [];
  const by = (set: { ruleSetId: string | null; version: number }, ruleId: string) => ({
    ruleSetId: set.ruleSetId,
    ruleSetVersion: set.version,
    ruleId,
  });

  for (const event of events) {
    const decisions: Decision[] = [];
    decided.set(event.sourceId, decisions);
    if (event.occurredOn === null) continue;
    const file = files.get(event.vehicleId);

    const window = windows.compiled.decide(
      callbackWindowFacts({ ...event, occurredOn: event.occurredOn }),
      now,
    );
    if (window.suppressed) {
      decisions.push({
        kind: 'callbackSuppressed',
        reason: window.suppressed.reason,
        ...by(windows, window.suppressed.decidedBy.ruleId),
      });
    }
    for (const callback of window.callbacks) {
      const opened = callback.closesOn >= today;
      decisions.push({
        kind: 'callback',
        callbackType: callback.callback,
        opensOn: callback.opensOn,
        closesOn: callback.closesOn,
        opened,
        ...by(windows, callback.decidedBy.ruleId),
      });
      if (opened)
        callbacks.push({
          customer_id: event.customerId,
          vehicle_id: event.vehicleId,
          callback_type: callback.callback,
          source_kind: event.kind,
          source_id: event.sourceId,
          opens_on: callback.opensOn,
          closes_on: callback.closesOn,
          sms_fallback_after_attempts: callback.smsFallbackAfterAttempts,
          queue: callback.queue,
          rule_id: callback.decidedBy.ruleId,
        });
    }

    // Members only: a car without a card active at the close earns nothing (a corrected
    // order is still compared with what it holds, so nothing stale stays on the ledger).
    const member = members.get(event.sourceId);
    const pointFacts = member ? pointsFacts({ ...event, member: { tier: member.tier } }) : null;
    if (pointFacts || (event.kind === 'repairOrder' && event.updated)) {
      const earned = pointFacts ? points.compiled.decide(pointFacts, now) : null;
      orderPoints.push({
        sourceId: event.sourceId,
        customerId: event.customerId,
        vehicleId: event.vehicleId,
        updated: event.updated,
        entries: (earned?.entries ?? []).map((e) => ({
          points: e.points,
          reason: e.reason,
          ruleId: e.decidedBy.ruleId,
        })),
        expiresOn: earned?.expireAfterMonths ? addMonths(event.occurredOn, earned.expireAfterMonths) : null,
      });
    }

    // Reminders this event makes due, on the day the store's smsReminder rules first send each.
    const probes: { reminder: Reminder; from: string }[] =
      event.kind === 'delivery'
        ? [{ reminder: 'firstMaintenance', from: event.vehicle.purchaseDate ?? event.occurredOn }]
        : [
            { reminder: 'postServiceThanks', from: event.occurredOn },
            ...(event.orderTypes?.some((t) => maintenanceTypes.includes(t)) && file?.lastMaintenanceOn
              ? [{ reminder: 'periodicMaintenance' as const, from: file.lastMaintenanceOn }]
              : []),
          ];
    const reminderFacts = smsReminderFacts({
      smsOptedOut: event.customer.smsOptedOut,
      birthday: event.customer.birthday,
      plate: event.vehicle.plate,
      model: event.vehicle.model,
      purchaseDate: event.vehicle.purchaseDate,
      mileageKm: event.vehicle.mileageKm,
      firstMaintenanceOn: file?.firstMaintenanceOn ?? null,
      lastMaintenanceOn: file?.lastMaintenanceOn ?? null,
      lastVisitOn: event.kind === 'repairOrder' ? event.occurredOn : (file?.lastVisitOn ?? null),
    });
    for (const probe of probes) {
      const due = reminderDueOn({ rules: reminders.compiled, ...probe, facts: reminderFacts });
      if (!due || due.on < today) continue;
      decisions.push({
        kind: 'reminder',
        reminder: due.reminder.reminder,
        dueOn: due.on,
        ...by(reminders, due.reminder.decidedBy.ruleId),
      });
      reminderRows.push({
        customer_id: event.customerId,
        vehicle_id: event.vehicleId,
        reminder: due.reminder.reminder,
        due_on: due.on,
        dedupe_key: due.reminder.dedupeKey,
        template: due.reminder.template,
        source_kind: event.kind,
        source_id: event.sourceId,
        rule_id: due.reminder.decidedBy.ruleId,
      });
    }
  }

  await writeCallbacks(tx, tenantId, storeId, events, callbacks, windows);
  for (const entry of await postOrderPoints(tx, tenantId, storeId, orderPoints, points)) {
    decided.get(entry.sourceId)?.push({
      kind: 'points',
      points: entry.points,
      reason: entry.reason,
      revision: entry.revision,
      ...by(points, entry.ruleId ?? ''),
    });
  }
  if (reminderRows.length > 0) {
    await tx`
      insert into reminder_schedule (tenant_id, store_id, customer_id, vehicle_id, reminder, due_on, dedupe_key,
        template, source_kind, source_id, rule_set_id, rule_set_version, rule_id)
      select ${tenantId}, ${storeId}, r.customer_id, r.vehicle_id, r.reminder, r.due_on, r.dedupe_key, r.template,
        r.source_kind, r.source_id, ${reminders.ruleSetId}, ${reminders.version}, r.rule_id
      from jsonb_to_recordset(${tx.json(reminderRows as Parameters<typeof tx.json>[0])}) as r(customer_id uuid,
        vehicle_id uuid, reminder text, due_on date, dedupe_key text, template text, source_kind text,
        source_id uuid, rule_id text)
      order by r.vehicle_id, r.dedupe_key
      on conflict (tenant_id, vehicle_id, dedupe_key) do nothing`;
  }
  // A maintenance done here makes the pending first-maintenance and older periodic reminders moot.
  const maintained = [...files.values()].filter((f) => f.lastMaintenanceOn !== null);
  if (maintained.length > 0) {
    await tx`
      update reminder_schedule s set status = 'cancelled', updated_at = now()
      from unnest(${maintained.map((f) => f.vehicleId)}::uuid[], ${maintained.map((f) => f.lastMaintenanceOn)}::date[])
        as u(vehicle_id, last_maintenance_on)
      where s.tenant_id = ${tenantId} and s.vehicle_id = u.vehicle_id and s.status = 'scheduled'
        and (s.reminder = 'firstMaintenance'
          or (s.reminder = 'periodicMaintenance' and s.dedupe_key <> 'periodicMaintenance:' || u.last_maintenance_on))`;
  }
  return decided;
}

async function writeCallbacks(
  tx: Tx,
  tenantId: string,
  storeId: string,
  events: DecidableEvent[],
  callbacks: CallbackRow[],
  windows: { ruleSetId: string | null; version: number },
): Promise<void> {
  // A changed event (a corrected close date) withdraws its open tasks the new decision no longer names.
  const updatedIds = events.filter((e) => e.updated).map((e) => e.sourceId);
  if (updatedIds.length > 0) {
    const updated = new Set(updatedIds);
    const keep = callbacks.filter((c) => updated.has(c.source_id));
    // Store and kinds named so the lookup runs down the tasks' unique index by source.
    await tx`
      update callback_tasks t set status = 'cancelled', updated_at = now()
      where t.tenant_id = ${tenantId} and t.store_id = ${storeId} and t.source_kind in ('delivery', 'repairOrder')
        and t.source_id = any(${updatedIds}::uuid[]) and t.status in ('scheduled', 'due', 'rescheduled')
        and (t.source_id, t.callback_type, t.opens_on) not in (
          select u.source_id, u.callback_type, u.opens_on
          from unnest(${keep.map((c) => c.source_id)}::uuid[], ${keep.map((c) => c.callback_type)}::text[],
            ${keep.map((c) => c.opens_on)}::date[]) as u(source_id, callback_type, opens_on))`;
  }
  if (callbacks.length === 0) return;
  const opened = await tx<{ id: string }[]>`
    insert into callback_tasks (tenant_id, store_id, customer_id, vehicle_id, callback_type, source_kind, source_id,
      opens_on, closes_on, sms_fallback_after_attempts, queue, rule_set_id, rule_set_version, rule_id)
    select ${tenantId}, ${storeId}, r.customer_id, r.vehicle_id, r.callback_type, r.source_kind, r.source_id,
      r.opens_on, r.closes_on, r.sms_fallback_after_attempts, r.queue, ${windows.ruleSetId}, ${windows.version},
      r.rule_id
    from jsonb_to_recordset(${tx.json(callbacks as unknown as Parameters<typeof tx.json>[0])}) as r(
      customer_id uuid, vehicle_id uuid, callback_type text, source_kind text, source_id uuid, opens_on date,
      closes_on date, sms_fallback_after_attempts integer, queue text, rule_id text)
    order by r.source_id, r.callback_type, r.opens_on
    on conflict (tenant_id, store_id, source_kind, source_id, callback_type, opens_on) do nothing
    returning id`;
  await scheduleCallbackWindows(
    tx,
    tenantId,
    opened.map((t) => t.id),
  );
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
