import { invalid } from '../errors.ts';
import { notify } from '../notifications/notifications.ts';
import { completeClock } from './clocks.ts';
import { type ComplaintCommandOptions, complaintCommand } from './command.ts';
import type { ComplaintPage, Department, DispatchComplaintInput } from './schema.ts';
import { assertStorePeople } from './settings.ts';
import { decideSlaFor } from './sla.ts';
import { recordStep } from './timeline.ts';

/**
 * 派发: to a department and a responsible person (处理责任人). What the dispatcher leaves
 * out comes from the store's category mapping (责任归属), else the complaintSla rules'
 * department and that department's manager. Dispatching implies the complaint stands; a
 * dispatched complaint may be dispatched again to someone else. The dispatch clock stops.
 */
export async function dispatchComplaint(
  options: ComplaintCommandOptions & { input: DispatchComplaintInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.handle', action: 'dispatched', from: ['received', 'upheld', 'dispatched'] },
    async (tx, complaint) => {
      const [mapping] = await tx<{ department: Department; responsibleUserId: string | null }[]>`
        select department, responsible_user_id from complaint_responsibilities
        where store_id = ${storeId} and category = ${complaint.category}`;
      let department = input.department ?? mapping?.department ?? null;
      if (!department) {
        const sla = await decideSlaFor(tx, actor.tenantId, complaint, new Date().toISOString());
        department = sla.department;
      }
      if (!department) throw invalid('department', 'no department is mapped for this category; name one');
      let responsible = input.responsibleUserId ?? null;
      if (!responsible && mapping?.department === department) responsible = mapping.responsibleUserId;
      if (!responsible) {
        const [manager] = await tx<{ managerUserId: string }[]>`
          select manager_user_id from complaint_department_managers
          where store_id = ${storeId} and department = ${department}`;
        responsible = manager?.managerUserId ?? null;
      }
      if (!responsible)
        throw invalid(
          'responsibleUserId',
          'nobody is mapped for this department; name the responsible person',
        );
      await assertStorePeople(tx, storeId, [{ path: 'responsibleUserId', userId: responsible }]);
      const userId = actor.kind === 'user' ? actor.userId : null;
      await tx`
        update complaints set state = 'dispatched', department = ${department},
          responsible_user_id = ${responsible}, dispatched_at = coalesce(dispatched_at, now()),
          dispatched_by = ${userId}, dispatch_note = ${input.note ?? null},
          judged_at = coalesce(judged_at, now()), judged_by = coalesce(judged_by, ${userId}), updated_at = now()
        where id = ${complaintId}`;
      await completeClock(tx, actor, { storeId, complaintId, name: 'dispatch' });
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'dispatched',
        details: { department, responsibleUserId: responsible, note: input.note ?? null },
      });
      await notify(tx, actor.tenantId, {
        userIds: [responsible],
        kind: 'complaint.dispatched',
        storeId,
        complaintId,
        details: { caseNo: complaint.caseNo, department },
      });
      return [];
    },
  );
}
