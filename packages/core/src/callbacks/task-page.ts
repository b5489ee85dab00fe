import { storeComplaintSettings } from '../complaints/settings.ts';
import { logPersonalDataAccess } from '../customers/get-customer-file.ts';
import { maskPhone } from '../customers/masking.ts';
import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan, canAtStore } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { callScriptFor } from './call-script.ts';
import { questionnaireForTask } from './questionnaire.ts';
import type { CallbackTaskPage } from './schema.ts';

interface TaskRow {
  task: CallbackTaskPage['task'];
  customer: CallbackTaskPage['customer'];
  vehicle: CallbackTaskPage['vehicle'];
  source: CallbackTaskPage['source'];
  storeName: string;
}

/** The task with its customer, car and order, as one row (locked when `forUpdate`). */
export async function readTask(tx: Tx, storeId: string, taskId: string, forUpdate = false): Promise<TaskRow> {
  const [row] = await tx<TaskRow[]>`
    select s.name as store_name,
      json_build_object('id', t.id, 'storeId', t.store_id, 'callbackType', t.callback_type, 'state', t.status,
        'opensOn', t.opens_on, 'closesOn', t.closes_on, 'rescheduledTo', t.rescheduled_to, 'attempts', t.attempts,
        'unsuccessfulAttempts', t.unsuccessful_attempts, 'smsFallbackAfterAttempts', t.sms_fallback_after_attempts,
        'assignedTo', t.assigned_to, 'claimedBy', t.claimed_by, 'claimedAt', t.claimed_at,
        'overallScore', t.overall_score::float8, 'band', t.band, 'reachedBy', t.reached_by,
        'smsMessageId', t.sms_message_id, 'complaintId', t.complaint_id, 'failedReason', t.failed_reason) as task,
      json_build_object('id', c.id, 'name', c.name, 'gender', c.gender, 'title', c.title, 'mobile', c.mobile,
        'vip', c.vip, 'uncertain', c.uncertain, 'smsOptedOut', c.sms_opted_out) as customer,
      json_build_object('id', v.id, 'vin', v.vin, 'plate', v.plate, 'series', v.series, 'model', v.model,
        'mileageKm', v.mileage_km) as vehicle,
      json_build_object('kind', t.source_kind, 'id', t.source_id, 'on', coalesce(d.delivered_on, o.closed_on),
        'salesConsultant', sc.name, 'serviceAdvisor', sa.name, 'repairTeam', rt.name,
        'orderTypes', coalesce(to_json(o.order_types), '[]'::json), 'contractNo', d.contract_no) as source
    from callback_tasks t
    join stores s on s.id = t.store_id
    join customers c on c.id = t.customer_id
    join vehicles v on v.id = t.vehicle_id
    left join deliveries d on t.source_kind = 'delivery' and d.id = t.source_id
    left join repair_orders o on t.source_kind = 'repairOrder' and o.id = t.source_id
    left join staff_members sc on sc.id = d.sales_consultant_id
    left join staff_members sa on sa.id = o.service_advisor_id
    left join staff_members rt on rt.id = o.repair_team_id
    where t.id = ${taskId} and t.store_id = ${storeId}
    ${forUpdate ? tx`for update of t` : tx``}`;
  if (!row) throw notFound('Callback task');
  // json_build_object leaves timestamps in Postgres's text form; the views speak ISO.
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  row.task.rescheduledTo = iso(row.task.rescheduledTo);
  row.task.claimedAt = iso(row.task.claimedAt);
  return row;
}

/**
 * The call screen of one task: customer (the phone in clear for those who may unmask it,
 * the view logged), car, the delivery or order, the script, the store's questionnaire for
 * this callback, and the attempts so far.
 */
export async function getCallbackTask({
  db,
  actor,
  storeId,
  taskId,
  requestId,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  taskId: string;
  requestId?: string;
  now?: Date;
}): Promise<CallbackTaskPage> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const row = await readTask(tx, storeId, taskId);
    const unmask = canAtStore(actor, storeId, 'customers.unmask');
    if (unmask && row.customer.mobile)
      await logPersonalDataAccess(
        tx,
        actor,
        { storeId, customerId: row.customer.id, action: 'view', fields: ['mobile'] },
        requestId,
      );
    const { questionnaire, version } = await questionnaireForTask(
      tx,
      actor.tenantId,
      storeId,
      {
        callbackType: row.task.callbackType,
        orderTypes: row.source.orderTypes,
        series: row.vehicle.series,
        model: row.vehicle.model,
      },
      now,
    );
    const settings = await storeComplaintSettings(tx, actor.tenantId, storeId);
    const attempts = await tx<CallbackTaskPage['attempts']>`
      select a.attempt_no, a.outcome, a.reason, a.note, a.rescheduled_to, a.called_at, u.name as called_by_name,
        a.complaint_id
      from callback_attempts a left join users u on u.id = a.called_by
      where a.task_id = ${taskId} order by a.attempt_no`;
    return {
      task: row.task,
      customer: {
        id: row.customer.id,
        name: row.customer.name,
        gender: row.customer.gender,
        title: row.customer.title,
        mobile: unmask ? row.customer.mobile : maskPhone(row.customer.mobile),
        vip: row.customer.vip,
        uncertain: row.customer.uncertain,
      },
      vehicle: row.vehicle,
      source: row.source,
      script: {
        ...(await callScriptFor(tx, storeId, row.storeName, row.task.callbackType)),
        forbiddenPhrases: settings.forbiddenPhrases,
      },
      questionnaire: {
        key: questionnaire.key,
        title: questionnaire.title,
        ruleSetVersion: version,
        items: questionnaire.items,
      },
      attempts,
    };
  });
}
