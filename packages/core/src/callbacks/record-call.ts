import { type Answer, overallScore, type Questionnaire, satisfactionBand } from '@crm/rules';
import { recordAudit } from '../audit/record.ts';
import { receiveComplaint } from '../complaints/receive-complaint.ts';
import type { Database } from '../db/database.ts';
import { AppError, type ErrorDetail, invalid } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { callInputProblems, reachedOutcomes, reschedulingOutcomes, unsuccessfulBucket } from './outcomes.ts';
import { questionnaireForTask } from './questionnaire.ts';
import type { RecordCallInput, RecordedCall } from './schema.ts';
import { requestSurveySms } from './survey.ts';
import { readTask } from './task-page.ts';

export interface RecordCallOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  taskId: string;
  input: RecordCallInput;
  requestId?: string;
  now?: Date;
}

/** The answers checked against the questionnaire's items: known ids, each of its item's type. */
function answerProblems(questionnaire: Questionnaire, answers: Record<string, Answer>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const item = questionnaire.items.find((i) => i.id === id);
    const fits =
      item &&
      ((item.type === 'score' && typeof value === 'number') ||
        (item.type === 'yesNo' && typeof value === 'boolean') ||
        (item.type === 'threeWay' && (value === 'fully' || value === 'partly' || value === 'not')) ||
        (item.type === 'text' && typeof value === 'string'));
    if (!fits)
      problems.push({
        path: `answers.${id}`,
        message: item ? `must be a ${item.type} answer` : 'is not an item of this questionnaire',
      });
  }
  return problems;
}

/**
 * Records one call of the specialist on the task they hold, with its outcome, and sets off
 * what the outcome asks for, all in one transaction:
 * satisfied → answers stored, task done; dissatisfied → answers, a complaint-follow-up record
 * (抱怨客户联系处理表, an ordinary complaint from the callback), task done; complaint → an urgent
 * complaint (紧急投诉应对联络表), task done; customer busy / not the owner → rescheduled to the
 * time agreed; unsuccessful → the attempt counted, and at the rule's count the SMS survey;
 * wrong or empty number → an uncertain-customer record, the file flagged, the task failed.
 */
export async function recordCall({
  db,
  actor,
  storeId,
  taskId,
  input,
  requestId,
  now = new Date(),
}: RecordCallOptions): Promise<RecordedCall> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  const user = requireUser(actor);
  const at = now.toISOString();
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const row = await readTask(tx, storeId, taskId, true);
    const problems = callInputProblems(input);
    if (problems.length > 0)
      throw new AppError('INVALID_INPUT', 'The call does not fit its outcome', problems);
    const { task, customer } = row;
    if (task.state !== 'inProgress' || task.claimedBy !== user.userId)
      throw new AppError('CONFLICT', 'Take the callback (claim it) before recording a call', [
        {
          path: 'taskId',
          message: task.state === 'inProgress' ? 'claimed by another specialist' : `is ${task.state}`,
        },
      ]);
    if (input.rescheduleTo) {
      const [window] = await tx<{ endsAt: string }[]>`
        select (t.closes_on + 1)::timestamp at time zone s.time_zone as ends_at
        from callback_tasks t join stores s on s.id = t.store_id where t.id = ${taskId}`;
      const to = new Date(input.rescheduleTo).getTime();
      if (to <= now.getTime()) throw invalid('rescheduleTo', 'must be in the future');
      if (window && to >= new Date(window.endsAt).getTime())
        throw invalid('rescheduleTo', `must be before the window closes (${task.closesOn} included)`);
    }

    const reached = reachedOutcomes.includes(input.outcome);
    let score: number | null = null;
    let band: RecordedCall['band'] = null;
    let chosen: Awaited<ReturnType<typeof questionnaireForTask>> | null = null;
    if (reached) {
      chosen = await questionnaireForTask(
        tx,
        actor.tenantId,
        storeId,
        {
          callbackType: task.callbackType,
          orderTypes: row.source.orderTypes,
          series: row.vehicle.series,
          model: row.vehicle.model,
        },
        now,
      );
      const answers = input.answers ?? {};
      const wrong = answerProblems(chosen.questionnaire, answers);
      if (wrong.length > 0)
        throw new AppError('INVALID_INPUT', 'The answers do not fit the questionnaire', wrong);
      score = overallScore(chosen.questionnaire, answers);
      band = score === null ? null : satisfactionBand(score, chosen.decision.bands);
    }

    let complaintId: string | null = null;
    if (input.outcome === 'dissatisfied' || input.outcome === 'complaint') {
      const comments = Object.entries(input.answers ?? {})
        .filter(
          ([id, v]) =>
            typeof v === 'string' &&
            chosen?.questionnaire.items.some((i) => i.id === id && i.type === 'text'),
        )
        .map(([, v]) => String(v));
      const page = await receiveComplaint({
        // The complaint is opened in this call's transaction: both are recorded or neither.
        db: { ...db, withTenant: (_tenantId, fn) => fn(tx) },
        actor,
        storeId,
        input: {
          channel: 'callback',
          category: input.complaintCategory ?? 'other',
          severity: input.outcome === 'complaint' ? 'urgent' : 'ordinary',
          relatedTo: task.callbackType,
          customerId: customer.id,
          vehicleId: row.vehicle.id,
          ...(row.source.kind === 'delivery'
            ? { deliveryId: row.source.id }
            : { repairOrderId: row.source.id }),
          complainantName: customer.name,
          customerWords: input.note ?? (comments.join(';') || '回访中客户表示不满意'),
        },
        requestId,
        now,
      });
      complaintId = page.complaint.id;
    }

    let uncertainRecordId: string | null = null;
    if (input.outcome === 'wrongNumber') {
      const [opened] = await tx<{ id: string }[]>`
        insert into uncertain_customer_records (tenant_id, store_id, customer_id, reason, note, opened_by)
        values (${actor.tenantId}, ${storeId}, ${customer.id}, ${input.reason ?? 'wrongNumber'}, ${input.note ?? null},
          ${user.userId})
        on conflict (tenant_id, customer_id) where resolved_at is null do nothing
        returning id`;
      const [open] = opened
        ? [opened]
        : await tx<{ id: string }[]>`
            select id from uncertain_customer_records where customer_id = ${customer.id} and resolved_at is null`;
      uncertainRecordId = open?.id ?? null;
      await tx`update customers set uncertain = true, updated_at = now() where id = ${customer.id} and not uncertain`;
    }

    const attemptNo = task.attempts + 1;
    const unsuccessful =
      input.outcome === 'unsuccessful' ? task.unsuccessfulAttempts + 1 : task.unsuccessfulAttempts;
    let smsMessageId: string | null = null;
    if (
      input.outcome === 'unsuccessful' &&
      unsuccessful >= task.smsFallbackAfterAttempts &&
      task.smsMessageId === null &&
      customer.mobile
    ) {
      smsMessageId = await requestSurveySms(tx, actor.tenantId, {
        storeId,
        storeName: row.storeName,
        taskId,
        customerId: customer.id,
        vehicleId: row.vehicle.id,
        customerName: customer.name,
        phone: customer.mobile,
        requestedBy: user.userId,
      });
    }

    const bucket = unsuccessfulBucket(input.outcome, input.reason ?? null);
    const [attempt] = await tx<{ id: string }[]>`
      insert into callback_attempts (tenant_id, store_id, task_id, attempt_no, outcome, reason, unsuccessful_bucket,
        note, rescheduled_to, called_by, called_at, complaint_id, uncertain_record_id, sms_message_id)
      values (${actor.tenantId}, ${storeId}, ${taskId}, ${attemptNo}, ${input.outcome}, ${input.reason ?? null},
        ${bucket}, ${input.note ?? null}, ${input.rescheduleTo ?? null}, ${user.userId}, ${at}, ${complaintId},
        ${uncertainRecordId}, ${smsMessageId})
      returning id`;
    if (!attempt) throw new Error('attempt insert returned nothing');

    if (chosen && input.answers) {
      const rows = chosen.questionnaire.items.flatMap((item, position) => {
        const value = input.answers?.[item.id];
        if (value === undefined) return [];
        return [
          {
            item_id: item.id,
            position,
            item_type: item.type,
            item_label: item.label,
            score: item.type === 'score' ? value : null,
            yes: item.type === 'yesNo' ? value : null,
            choice: item.type === 'threeWay' ? value : null,
            text: item.type === 'text' ? value : null,
          },
        ];
      });
      await tx`
        insert into callback_answers (tenant_id, task_id, item_id, store_id, attempt_id, position, item_type, item_label,
          score, yes, choice, text, questionnaire_key, rule_set_id, rule_set_version)
        select ${actor.tenantId}, ${taskId}, r.item_id, ${storeId}, ${attempt.id}, r.position, r.item_type, r.item_label,
          r.score, r.yes, r.choice, r.text, ${chosen.questionnaire.key}, ${chosen.ruleSetId}, ${chosen.version}
        from jsonb_to_recordset(${tx.json(rows)}) as r(item_id text, position integer, item_type text,
          item_label text, score numeric, yes boolean, choice text, text text)`;
    }

    const state: RecordedCall['state'] = reached
      ? 'done'
      : input.outcome === 'wrongNumber'
        ? 'failed'
        : reschedulingOutcomes.includes(input.outcome)
          ? 'rescheduled'
          : 'due';
    await tx`
      update callback_tasks set status = ${state}, claimed_by = null, claimed_at = null,
        attempts = ${attemptNo}, unsuccessful_attempts = ${unsuccessful}, last_attempt_at = ${at},
        last_outcome = ${input.outcome}, last_unsuccessful_bucket = ${bucket},
        rescheduled_to = ${input.rescheduleTo ?? null},
        reached_by = ${reached ? 'call' : null}, overall_score = ${score}, band = ${band},
        complaint_id = coalesce(${complaintId}, complaint_id), sms_message_id = coalesce(${smsMessageId}, sms_message_id),
        failed_reason = ${input.outcome === 'wrongNumber' ? 'wrongNumber' : null},
        completed_at = ${reached || state === 'failed' ? at : null}, updated_at = now()
      where id = ${taskId}`;
    await recordAudit(
      tx,
      actor,
      {
        action: 'callback.call',
        entity: 'callbackTask',
        entityId: taskId,
        storeId,
        details: { attemptNo, outcome: input.outcome, reason: input.reason ?? null },
      },
      requestId,
    );
    return {
      taskId,
      attemptNo,
      state,
      overallScore: score,
      band,
      complaintId,
      uncertainRecordId,
      smsMessageId,
    };
  });
}
