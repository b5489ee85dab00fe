import type { Tx } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { notify } from '../notifications/notifications.ts';
import type { LockedComplaint } from './access.ts';
import { cancelClocks, startClocks } from './clocks.ts';
import { type ComplaintCommandOptions, complaintCommand } from './command.ts';
import type {
  ClockName,
  CloseComplaintInput,
  ComplaintPage,
  RecordRecallInput,
  ReopenComplaintInput,
} from './schema.ts';
import { decideSlaFor } from './sla.ts';
import { recordStep } from './timeline.ts';

/** A new round of clocks running from now (a reopen, an unsatisfied customer). */
async function newRound(tx: Tx, actor: Actor, complaint: LockedComplaint, names: ClockName[], now: Date) {
  await cancelClocks(tx, complaint.id, names);
  const sla = await decideSlaFor(tx, actor.tenantId, complaint, now.toISOString());
  if (!sla.rule) return;
  await startClocks(tx, actor, {
    storeId: complaint.storeId,
    complaintId: complaint.id,
    names,
    rule: sla.rule,
    startedAt: now.toISOString(),
    now,
  });
}

/**
 * 再次回访: the specialist calls the customer after the department's answer. Satisfied →
 * ready for sign-off. Not satisfied → back to the department with a new answer clock,
 * and the responsible person is told. Unreachable → recorded; call again.
 */
export async function recordRecall(
  options: ComplaintCommandOptions & { input: RecordRecallInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input, now = new Date() } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.handle', action: 'recalled', from: ['answered'] },
    async (tx, complaint) => {
      await tx`insert into complaint_recalls (tenant_id, store_id, complaint_id, outcome, note, called_by)
        values (${actor.tenantId}, ${storeId}, ${complaintId}, ${input.outcome}, ${input.note ?? null},
          ${actor.kind === 'user' ? actor.userId : null})`;
      if (input.outcome !== 'unreachable') {
        await tx`update complaints set customer_acceptance = ${input.outcome},
            state = ${input.outcome === 'satisfied' ? 'satisfied' : 'dispatched'}, updated_at = now()
          where id = ${complaintId}`;
      }
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'recalled',
        details: { outcome: input.outcome, note: input.note ?? null },
      });
      if (input.outcome === 'notSatisfied') {
        await newRound(tx, actor, complaint, ['answer'], now);
        if (complaint.responsibleUserId)
          await notify(tx, actor.tenantId, {
            userIds: [complaint.responsibleUserId],
            kind: 'complaint.notSatisfied',
            storeId,
            complaintId,
            details: { caseNo: complaint.caseNo, note: input.note ?? null },
          });
      }
      return [];
    },
  );
}

/** 结案: the responsible manager signs off a complaint the customer is satisfied with, with the result summary. */
export async function closeComplaint(
  options: ComplaintCommandOptions & { input: CloseComplaintInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.signOff', action: 'closed', from: ['satisfied'] },
    async (tx) => {
      await tx`update complaints set state = 'closed', result_summary = ${input.resultSummary},
          review_opinion = coalesce(${input.reviewOpinion ?? null}, review_opinion), closed_at = now(),
          closed_by = ${actor.kind === 'user' ? actor.userId : null}, updated_at = now()
        where id = ${complaintId}`;
      await cancelClocks(tx, complaintId);
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'closed',
        details: { resultSummary: input.resultSummary },
      });
      return [];
    },
  );
}

/**
 * Reopens a closed or not-upheld complaint. One that was not upheld is judged again (all
 * clocks anew); one that was closed goes back to its department (plan and answer anew).
 */
export async function reopenComplaint(
  options: ComplaintCommandOptions & { input: ReopenComplaintInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input, now = new Date() } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.handle', action: 'reopened', from: ['closed', 'notUpheld'] },
    async (tx, complaint) => {
      const wasUpheld = complaint.state === 'closed';
      await tx`update complaints set state = ${wasUpheld ? 'dispatched' : 'received'}, closed_at = null,
          closed_by = null, reopen_count = reopen_count + 1, customer_acceptance = null, updated_at = now()
        where id = ${complaintId}`;
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'reopened',
        details: { reason: input.reason, from: complaint.state },
      });
      await newRound(
        tx,
        actor,
        complaint,
        wasUpheld ? ['plan', 'answer'] : ['dispatch', 'plan', 'answer'],
        now,
      );
      return [];
    },
  );
}
