import { systemActor } from '../identity/actor.ts';
import { notify } from '../notifications/notifications.ts';
import type { JobHandler } from '../queues/handlers.ts';
import { runOnce } from '../queues/run-once.ts';
import { type EscalationStep, escalationRecipients } from './escalation.ts';
import { requestEscalationSms } from './escalation-sms.ts';
import type { ClockName, Department } from './schema.ts';
import { recordStep } from './timeline.ts';

interface FiringClock {
  id: string;
  storeId: string;
  complaintId: string;
  clock: ClockName;
  round: number;
  dueAt: string;
  escalation: EscalationStep[];
  done: boolean;
  department: Department | null;
  caseNo: string;
}

/**
 * A clock's escalation step came due. Nothing happens if the step was done (in time or
 * late) or the clock was stopped (closed, not upheld, a new round); otherwise the clock is
 * marked breached and the step's people are notified. Keyed by clock and step, so a job
 * delivered twice, or a duplicate request, notifies once.
 */
export const complaintClockJob: JobHandler<'complaints.clock'> = async (
  { db, tenantId, log },
  { clockId, step },
) => {
  const ran = await runOnce(db, tenantId, `complaints.clock:${clockId}:${step}`, async (tx) => {
    const [clock] = await tx<FiringClock[]>`
      select k.id, k.store_id, k.complaint_id, k.clock, k.round, k.due_at, k.escalation,
        (k.done_at is not null or k.cancelled_at is not null) as done, c.department, c.case_no
      from complaint_clocks k join complaints c on c.id = k.complaint_id
      where k.id = ${clockId} for update of k`;
    const to = clock?.escalation[step];
    if (!clock || clock.done || !to) return;
    await tx`update complaint_clocks set breached_at = coalesce(breached_at, now()) where id = ${clockId}`;
    const recipients = await escalationRecipients(tx, {
      storeId: clock.storeId,
      step: to,
      department: clock.department,
    });
    const details = { clock: clock.clock, round: clock.round, dueAt: clock.dueAt, to, caseNo: clock.caseNo };
    const notified = await notify(tx, tenantId, {
      userIds: recipients,
      kind: 'complaint.escalated',
      storeId: clock.storeId,
      complaintId: clock.complaintId,
      clockId,
      step,
      details,
    });
    await requestEscalationSms(tx, tenantId, {
      storeId: clock.storeId,
      complaintId: clock.complaintId,
      clockId,
      step,
      clock: clock.clock,
      to,
      caseNo: clock.caseNo,
      dueAt: clock.dueAt,
      userIds: notified,
    });
    await recordStep(tx, systemActor(tenantId, 'complaints.clock'), {
      storeId: clock.storeId,
      complaintId: clock.complaintId,
      kind: 'clockEscalated',
      details: { ...details, step, userIds: notified },
    });
  });
  if (!ran) log.debug({ clockId, step }, 'clock step already handled');
};
