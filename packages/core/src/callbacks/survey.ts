import { satisfactionBand } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { requestSms } from '../sms/request-sms.ts';

/**
 * 短信回访: asks the SMS pipeline for the survey of one task (once per task: the key is the
 * task), in the caller's transaction. Returns the message id.
 */
export async function requestSurveySms(
  tx: Tx,
  tenantId: string,
  survey: {
    storeId: string;
    storeName: string;
    taskId: string;
    customerId: string;
    vehicleId: string;
    customerName: string;
    phone: string;
    requestedBy: string | null;
  },
): Promise<string> {
  const [store] = await tx<
    { smsSignature: string }[]
  >`select sms_signature from stores where id = ${survey.storeId}`;
  const { id } = await requestSms(tx, tenantId, {
    storeId: survey.storeId,
    customerId: survey.customerId,
    vehicleId: survey.vehicleId,
    phone: survey.phone,
    reason: 'survey',
    category: 'reminder',
    idempotencyKey: `callback-survey:${survey.taskId}`,
    text: `${survey.customerName}您好,感谢您选择${survey.storeName}。为了解您对我们服务的满意程度,请回复1-10分(10分为非常满意)。`,
    signature: store?.smsSignature || survey.storeName,
    requestedBy: survey.requestedBy,
  });
  return id;
}

/**
 * A survey reply that parsed to a score closes the task its message was sent for: reached by
 * SMS, the score as its overall score and band (the store's bands). A task already reached
 * keeps its call's result; a reply to any other message changes nothing. Runs in the
 * reply's transaction.
 */
export async function closeCallbackBySurveyReply(
  tx: Tx,
  tenantId: string,
  reply: { messageId: string; score: number; at: string },
): Promise<string | null> {
  const [task] = await tx<{ id: string; storeId: string }[]>`
    select id, store_id from callback_tasks
    where sms_message_id = ${reply.messageId} and reached_by is null and status <> 'cancelled'
    for update`;
  if (!task) return null;
  const { compiled } = await effectiveRuleSetOf(tx, tenantId, task.storeId, 'questionnaire');
  const bands = compiled.decide({ callbackType: 'sales' }, reply.at).bands;
  await tx`
    update callback_tasks set status = 'done', reached_by = 'sms', overall_score = ${reply.score},
      band = ${satisfactionBand(reply.score, bands)}, claimed_by = null, claimed_at = null, failed_reason = null,
      completed_at = ${reply.at}, updated_at = now()
    where id = ${task.id}`;
  return task.id;
}
