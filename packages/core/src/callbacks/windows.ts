import type { Database, Tx } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { queueOf } from '../queues/jobs.ts';
import { openAndAssign } from './assign.ts';

/** The longest delay one job waits (a signed 32-bit millisecond count); a longer wait is done in legs. */
export const maxDelayMs = 2_147_483_647;

/**
 * Requests the delayed jobs that open and close the windows of these tasks: opening at the
 * start of `opens_on`, closing at the end of `closes_on`, both in the store's time zone.
 * Call it in the transaction that created the tasks.
 */
export async function scheduleCallbackWindows(tx: Tx, tenantId: string, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await tx`
    insert into outbox (tenant_id, queue, name, payload, delay_ms)
    select ${tenantId}, ${queueOf('callbacks.window')}, 'callbacks.window',
      jsonb_build_object('taskId', t.id, 'edge', e.edge),
      least(${maxDelayMs}, greatest(0, floor(extract(epoch from (e.at - now())) * 1000)))::integer
    from callback_tasks t
    join stores s on s.id = t.store_id
    cross join lateral (values
      ('open', t.opens_on::timestamp at time zone s.time_zone),
      ('close', (t.closes_on + 1)::timestamp at time zone s.time_zone)) as e(edge, at)
    where t.id = any(${taskIds}::uuid[])`;
}

interface WindowTask {
  id: string;
  storeId: string;
  status: string;
  opensAt: string;
  closesAt: string;
  claimStale: boolean;
}

/**
 * One edge of a task's window. Opening: a scheduled task becomes due and, if nobody has it,
 * goes to the next specialist in turn. Closing: a task still waiting for a call (or whose
 * claim went stale) fails as "window closed". Each is a guarded state change, so running it
 * twice, late or after a person already moved the task changes nothing; a job that fires
 * before its time (a long delay done in legs) asks for the next leg instead.
 */
export async function runCallbackWindow({
  db,
  tenantId,
  taskId,
  edge,
  now = new Date(),
  claimLeaseMinutes = 30,
}: {
  db: Database;
  tenantId: string;
  taskId: string;
  edge: 'open' | 'close';
  now?: Date;
  claimLeaseMinutes?: number;
}): Promise<'opened' | 'failed' | 'waiting' | 'unchanged'> {
  return db.withTenant(tenantId, async (tx) => {
    const at = now.toISOString();
    const [task] = await tx<WindowTask[]>`
      select t.id, t.store_id, t.status,
        t.opens_on::timestamp at time zone s.time_zone as opens_at,
        (t.closes_on + 1)::timestamp at time zone s.time_zone as closes_at,
        coalesce(t.claimed_at < ${at}::timestamptz - make_interval(mins => ${claimLeaseMinutes}), false) as claim_stale
      from callback_tasks t join stores s on s.id = t.store_id
      where t.id = ${taskId} for update of t`;
    if (!task) return 'unchanged';
    const edgeAt = new Date(edge === 'open' ? task.opensAt : task.closesAt);
    if (edgeAt.getTime() > now.getTime()) {
      await enqueue(
        tx,
        tenantId,
        'callbacks.window',
        { taskId, edge },
        {
          delayMs: Math.min(maxDelayMs, edgeAt.getTime() - now.getTime()),
        },
      );
      return 'waiting';
    }
    if (edge === 'open') {
      await openAndAssign(tx, tenantId, task.storeId, taskId);
      return task.status === 'scheduled' ? 'opened' : 'unchanged';
    }
    const failed = await tx`
      update callback_tasks set status = 'failed', failed_reason = 'windowClosed', claimed_by = null,
        claimed_at = null, completed_at = ${at}, updated_at = now()
      where id = ${taskId} and reached_by is null
        and (status in ('scheduled', 'due', 'rescheduled') or (status = 'inProgress' and ${task.claimStale}))
      returning id`;
    return failed.length > 0 ? 'failed' : 'unchanged';
  });
}
