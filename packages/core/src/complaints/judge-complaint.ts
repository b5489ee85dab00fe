import { invalid } from '../errors.ts';
import { cancelClocks } from './clocks.ts';
import { type ComplaintCommandOptions, complaintCommand } from './command.ts';
import { phraseWarnings } from './forbidden-phrases.ts';
import type { ComplaintPage, JudgeComplaintInput } from './schema.ts';
import { storeComplaintSettings } from './settings.ts';
import { recordStep } from './timeline.ts';

/**
 * 有效性判定. A complaint that stands goes on to dispatch; one that does not is answered
 * tactfully (the reply is checked against the store's forbidden phrases) and closed as
 * not upheld, with the reason, and its clocks stop.
 */
export async function judgeComplaint(
  options: ComplaintCommandOptions & { input: JudgeComplaintInput },
): Promise<ComplaintPage> {
  const { actor, storeId, complaintId, input } = options;
  if (!input.upheld && !input.reason)
    throw invalid('reason', 'a complaint that is not upheld needs the reason');
  if (!input.upheld && !input.reply) throw invalid('reply', 'say how the customer was answered');
  return complaintCommand(
    options,
    { permission: 'complaints.handle', action: 'judged', from: ['received'] },
    async (tx) => {
      const userId = actor.kind === 'user' ? actor.userId : null;
      await tx`
      update complaints set judged_at = now(), judged_by = ${userId},
        state = ${input.upheld ? 'upheld' : 'notUpheld'},
        not_upheld_reason = ${input.upheld ? null : (input.reason ?? null)},
        reply_to_customer = ${input.reply ?? null},
        closed_at = ${input.upheld ? null : new Date().toISOString()}, closed_by = ${input.upheld ? null : userId},
        updated_at = now()
      where id = ${complaintId}`;
      if (!input.upheld) await cancelClocks(tx, complaintId);
      await recordStep(tx, actor, {
        storeId,
        complaintId,
        kind: 'judged',
        details: { upheld: input.upheld, reason: input.reason ?? null },
      });
      const { forbiddenPhrases } = await storeComplaintSettings(tx, actor.tenantId, storeId);
      return phraseWarnings({ reply: input.reply }, forbiddenPhrases);
    },
  );
}
