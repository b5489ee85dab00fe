import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';

/** How long a claim holds without a recorded call before another specialist may take the task over. */
export const claimLeaseMinutes = 30;

export interface ClaimOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  requestId?: string;
  now?: Date;
}

/** The tasks a specialist may pick up now: open today (store-local), or theirs already, or a stale claim. */
function claimable(tx: Tx, userId: string, at: string) {
  return tx`
    t.opens_on <= (${at}::timestamptz at time zone s.time_zone)::date
    and t.closes_on >= (${at}::timestamptz at time zone s.time_zone)::date
    and (t.status in ('scheduled', 'due', 'rescheduled')
      or (t.status = 'inProgress' and (t.claimed_by = ${userId}
        or t.claimed_at < ${at}::timestamptz - make_interval(mins => ${claimLeaseMinutes}))))`;
}

async function take(tx: Tx, actor: Actor, storeId: string, taskId: string, at: string, requestId?: string) {
  const user = requireUser(actor);
  await tx`
    update callback_tasks set status = 'inProgress', claimed_by = ${user.userId}, claimed_at = ${at},
      assigned_to = coalesce(assigned_to, ${user.userId}), updated_at = now()
    where id = ${taskId}`;
  await recordAudit(
    tx,
    actor,
    { action: 'callback.claim', entity: 'callbackTask', entityId: taskId, storeId },
    requestId,
  );
}

/**
 * Takes one task for a call. The row is locked and the claim is a guarded update in the same
 * transaction, so of two specialists taking the same task at once one wins and the other is
 * told who has it (CONFLICT). A claim of the same specialist again is allowed (a reload).
 */
export async function claimCallback({
  db,
  actor,
  storeId,
  taskId,
  requestId,
  now = new Date(),
}: ClaimOptions & { taskId: string }): Promise<{ taskId: string }> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  const user = requireUser(actor);
  const at = now.toISOString();
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [task] = await tx<{ id: string; status: string; ok: boolean; holder: string | null }[]>`
      select t.id, t.status, (${claimable(tx, user.userId, at)}) as ok, u.name as holder
      from callback_tasks t join stores s on s.id = t.store_id
      left join users u on u.id = t.claimed_by
      where t.id = ${taskId} and t.store_id = ${storeId}
      for update of t`;
    if (!task) throw notFound('Callback task');
    if (!task.ok) {
      if (task.status === 'inProgress')
        throw new AppError('CONFLICT', `${task.holder ?? 'Another specialist'} is already on this call`, [
          { path: 'taskId', message: 'claimed by another specialist' },
        ]);
      throw new AppError('CONFLICT', `This callback is ${task.status} and cannot be called now`, [
        { path: 'state', message: `is ${task.status}` },
      ]);
    }
    await take(tx, actor, storeId, taskId, at, requestId);
    return { taskId };
  });
}

/**
 * "Next call": claims the first task of the specialist's queue of today (see `todaysQueue`
 * for the order). Rows another specialist is claiming at this moment are skipped, not
 * waited for, so two specialists pressing the key together get two different calls.
 * Returns null when the queue is empty.
 */
export async function claimNextCallback({
  db,
  actor,
  storeId,
  requestId,
  now = new Date(),
}: ClaimOptions): Promise<{ taskId: string } | null> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  const user = requireUser(actor);
  const at = now.toISOString();
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [next] = await tx<{ id: string }[]>`
      select t.id from callback_tasks t join stores s on s.id = t.store_id
      where t.store_id = ${storeId} and (t.assigned_to = ${user.userId} or t.assigned_to is null)
        and ${claimable(tx, user.userId, at)}
        and (t.status <> 'rescheduled' or t.rescheduled_to <= ${at})
      order by (t.claimed_by = ${user.userId}) desc nulls last, (t.queue = 'vipFirst') desc, t.closes_on,
        coalesce(t.rescheduled_to, t.opens_on::timestamptz), t.id
      limit 1
      for update of t skip locked`;
    if (!next) return null;
    await take(tx, actor, storeId, next.id, at, requestId);
    return { taskId: next.id };
  });
}

/** Puts a claimed task back in the queue without a call recorded (the specialist stepped away). */
export async function releaseCallback({
  db,
  actor,
  storeId,
  taskId,
  requestId,
}: ClaimOptions & { taskId: string }): Promise<{ taskId: string }> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const released = await tx`
      update callback_tasks
      set status = case when rescheduled_to is not null then 'rescheduled' else 'due' end,
        claimed_by = null, claimed_at = null, updated_at = now()
      where id = ${taskId} and store_id = ${storeId} and status = 'inProgress' and claimed_by = ${user.userId}
      returning id`;
    if (released.length === 0) {
      const [exists] = await tx`select 1 from callback_tasks where id = ${taskId} and store_id = ${storeId}`;
      if (!exists) throw notFound('Callback task');
      throw new AppError('CONFLICT', 'You are not on this call', [
        { path: 'taskId', message: 'not claimed by you' },
      ]);
    }
    await recordAudit(
      tx,
      actor,
      { action: 'callback.release', entity: 'callbackTask', entityId: taskId, storeId },
      requestId,
    );
    return { taskId };
  });
}
