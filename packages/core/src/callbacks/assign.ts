import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { AssignCallbacksInput } from './schema.ts';

export const openStates = ['scheduled', 'due', 'inProgress', 'rescheduled'] as const;

/**
 * The store's active callback specialists, the least loaded first (by the open tasks each
 * already has, ties by user id), numbered from 0 (`slot`), with how many there are (`n`).
 * The open tasks per specialist are read from `callback_open_counts`, which the triggers
 * `callback_open_counts_insert|update|delete` on callback_tasks (migration 0055) keep exact
 * in the writing transaction, rather than counted over every open task of the store.
 */
function specialistsByLoad(tx: Tx, tenantId: string, storeId: string) {
  return tx`
    select u.id, (row_number() over (order by coalesce(l.open, 0), u.id) - 1)::int as slot,
      count(*) over ()::int as n
    from users u
    left join callback_open_counts l
      on l.tenant_id = ${tenantId} and l.store_id = ${storeId} and l.user_id = u.id
    where u.active and exists (select 1 from role_assignments r
      where r.user_id = u.id and r.store_id = ${storeId} and r.role = 'callback_agent')`;
}

/**
 * Gives unassigned open tasks to the store's callback specialists in turn, the least loaded
 * first (`specialistsByLoad`), the tasks whose window closes first first.
 * `taskIds` null: every unassigned open task of the store. A task someone assigned in the
 * meantime is left as it is. Returns how many were assigned.
 */
export async function assignRoundRobin(
  tx: Tx,
  tenantId: string,
  storeId: string,
  taskIds: string[] | null,
): Promise<number> {
  const assigned = await tx`
    with specialists as (${specialistsByLoad(tx, tenantId, storeId)}), todo as (
      select t.id, (row_number() over (order by t.closes_on, t.id) - 1)::int as k
      from callback_tasks t
      where t.tenant_id = ${tenantId} and t.store_id = ${storeId} and t.assigned_to is null
        and t.status in ${tx(openStates)}
        ${taskIds ? tx`and t.id = any(${taskIds}::uuid[])` : tx``}
    )
    update callback_tasks t set assigned_to = s.id, updated_at = now()
    from todo join specialists s on s.slot = todo.k % s.n
    where t.id = todo.id and t.assigned_to is null
    returning t.id`;
  return assigned.length;
}

/**
 * A task's window opens, in one statement: a scheduled task becomes due, and an open task
 * nobody has goes to the least loaded specialist — what `assignRoundRobin` would choose for
 * it alone. Anything else is left as it is. Call it holding the task's row lock.
 */
export async function openAndAssign(
  tx: Tx,
  tenantId: string,
  storeId: string,
  taskId: string,
): Promise<void> {
  await tx`
    update callback_tasks t set
      status = case when t.status = 'scheduled' then 'due' else t.status end,
      assigned_to = coalesce(t.assigned_to,
        (select s.id from (${specialistsByLoad(tx, tenantId, storeId)}) s where s.slot = 0)),
      updated_at = now()
    where t.id = ${taskId}
      and (t.status = 'scheduled' or (t.assigned_to is null and t.status in ${tx(openStates)}))`;
}

/**
 * Assignment by the customer-relations manager: the tasks named (else all the store's open
 * unassigned ones) to one specialist by hand, or round-robin over the specialists.
 */
export async function assignCallbacks({
  db,
  actor,
  storeId,
  input,
  requestId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  input: AssignCallbacksInput;
  requestId?: string;
}): Promise<{ assigned: number }> {
  assertStoreCan(actor, storeId, 'callbacks.assign');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    let assigned: number;
    if (input.userId) {
      const [specialist] = await tx`
        select 1 from role_assignments r join users u on u.id = r.user_id
        where r.user_id = ${input.userId} and r.store_id = ${storeId} and u.active
          and r.role in ('callback_agent', 'cr_manager')`;
      if (!specialist) throw invalid('userId', "is not one of this store's callback specialists");
      const rows = await tx`
        update callback_tasks set assigned_to = ${input.userId}, updated_at = now()
        where store_id = ${storeId} and status in ('scheduled', 'due', 'rescheduled')
          and ${input.taskIds ? tx`id = any(${input.taskIds}::uuid[])` : tx`assigned_to is null`}
        returning id`;
      assigned = rows.length;
    } else {
      if (input.taskIds) {
        await tx`
          update callback_tasks set assigned_to = null
          where store_id = ${storeId} and id = any(${input.taskIds}::uuid[])
            and status in ('scheduled', 'due', 'rescheduled')`;
      }
      assigned = await assignRoundRobin(tx, actor.tenantId, storeId, input.taskIds ?? null);
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'callback.assign',
        entity: 'callbackTask',
        storeId,
        details: { assigned, byHand: Boolean(input.userId) },
      },
      requestId,
    );
    return { assigned };
  });
}
