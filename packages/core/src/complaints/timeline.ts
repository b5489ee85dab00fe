import type { Tx } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';

export type StepKind =
  | 'received'
  | 'judged'
  | 'dispatched'
  | 'planned'
  | 'answered'
  | 'recalled'
  | 'closed'
  | 'reopened'
  | 'clockStarted'
  | 'clockDone'
  | 'clockEscalated'
  | 'actionAdded'
  | 'actionDone'
  | 'attachmentAdded';

/** Appends one step to the complaint's timeline (insert-only), in the command's transaction. */
export async function recordStep(
  tx: Tx,
  actor: Actor,
  step: { storeId: string; complaintId: string; kind: StepKind; details?: Record<string, unknown> },
): Promise<void> {
  await tx`
    insert into complaint_events (tenant_id, store_id, complaint_id, actor_user_id, kind, details)
    values (${actor.tenantId}, ${step.storeId}, ${step.complaintId},
      ${actor.kind === 'user' ? actor.userId : null}, ${step.kind},
      ${tx.json((step.details ?? {}) as Parameters<typeof tx.json>[0])})`;
}
