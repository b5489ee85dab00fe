import type { Tx } from '../db/database.ts';
import { requestSms } from '../sms/request-sms.ts';
import type { EscalationStep } from './escalation.ts';
import type { ClockName } from './schema.ts';

const clockLabels: Record<ClockName, string> = { dispatch: '派发', plan: '解决方案', answer: '部门答复' };
const stepLabels: Record<EscalationStep, string> = {
  departmentManager: '部门经理',
  generalManager: '总经理',
};

export interface EscalationSmsInput {
  storeId: string;
  complaintId: string;
  clockId: string;
  step: number;
  clock: ClockName;
  to: EscalationStep;
  caseNo: string;
  dueAt: string;
  /** The people the escalation step notified in the app. */
  userIds: string[];
}

/**
 * Where the store has switched it on (complaint settings, `escalationSms`), texts each
 * person an escalation step notified who has a mobile number, in the same transaction as
 * the notification. A staff message is transactional (an opt-out never stops it; quiet
 * hours still defer it), and keyed by clock, step and person, so the step firing twice
 * sends once. Returns the message ids requested.
 */
export async function requestEscalationSms(
  tx: Tx,
  tenantId: string,
  input: EscalationSmsInput,
): Promise<string[]> {
  if (input.userIds.length === 0) return [];
  const [settings] = await tx<{ escalationSms: boolean; signature: string; timeZone: string }[]>`
    select coalesce(cs.escalation_sms, false) as escalation_sms, s.sms_signature as signature, s.time_zone
    from stores s left join complaint_settings cs on cs.store_id = s.id
    where s.id = ${input.storeId}`;
  if (!settings?.escalationSms) return [];
  const people = await tx<{ id: string; mobile: string }[]>`
    select id, mobile from users
    where id = any(${input.userIds}::uuid[]) and active and mobile is not null
    order by id`;
  const due = new Intl.DateTimeFormat('zh-CN', {
    timeZone: settings.timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(input.dueAt));
  const text =
    `投诉${input.caseNo}的${clockLabels[input.clock]}时限已于${due}到期未完成,` +
    `已升级至${stepLabels[input.to]},请尽快跟进处理。`;
  const ids: string[] = [];
  for (const person of people) {
    const { id } = await requestSms(tx, tenantId, {
      storeId: input.storeId,
      customerId: null,
      phone: person.mobile,
      reason: 'complaintEscalation',
      category: 'transactional',
      idempotencyKey: `complaint-escalation:${input.clockId}:${input.step}:${person.id}`,
      text,
      signature: settings.signature,
    });
    ids.push(id);
  }
  return ids;
}
