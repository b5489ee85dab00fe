import { completeClock } from './clocks.ts';
import { type ComplaintCommandOptions, complaintCommand } from './command.ts';
import { phraseWarnings } from './forbidden-phrases.ts';
import type { ComplaintPage, RecordAnswerInput, RecordPlanInput } from './schema.ts';
import { storeComplaintSettings } from './settings.ts';
import { recordStep } from './timeline.ts';

/**
 * 注明解决办法: the solution plan told to the customer (checked against the forbidden
 * phrases). Stops the plan clock; may be revised while the complaint is open.
 */
export async function recordSolutionPlan(
  options: ComplaintCommandOptions & { input: RecordPlanInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.answer', action: 'planned', from: ['upheld', 'dispatched', 'answered'] },
    async (tx) => {
      await tx`update complaints set solution_plan = ${input.solutionPlan}, planned_at = now(), updated_at = now()
        where id = ${complaintId}`;
      await completeClock(tx, actor, { storeId, complaintId, name: 'plan' });
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'planned',
        details: { solutionPlan: input.solutionPlan },
      });
      const { forbiddenPhrases } = await storeComplaintSettings(tx, actor.tenantId, storeId);
      return phraseWarnings({ solutionPlan: input.solutionPlan }, forbiddenPhrases);
    },
  );
}

/**
 * 处理过程及情况: the responsible department's answer. Stops the answer clock; the callback
 * specialist then calls the customer again.
 */
export async function recordDepartmentAnswer(
  options: ComplaintCommandOptions & { input: RecordAnswerInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input } = options;
  return complaintCommand(
    options,
    { permission: 'complaints.answer', action: 'answered', from: ['dispatched'] },
    async (tx) => {
      await tx`update complaints set department_answer = ${input.answer}, answered_at = now(),
          answered_by = ${actor.kind === 'user' ? actor.userId : null}, state = 'answered', updated_at = now()
        where id = ${complaintId}`;
      await completeClock(tx, actor, { storeId, complaintId, name: 'answer' });
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'answered',
        details: { answer: input.answer },
      });
      const { forbiddenPhrases } = await storeComplaintSettings(tx, actor.tenantId, storeId);
      return phraseWarnings({ answer: input.answer }, forbiddenPhrases);
    },
  );
}
