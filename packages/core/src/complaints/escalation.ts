import type { Tx } from '../db/database.ts';
import type { Department } from './schema.ts';

export type EscalationStep = 'departmentManager' | 'generalManager';

/**
 * Who an escalation step notifies at a store. The department manager is the one the
 * store named for the complaint's department (customer relations while it is not yet
 * dispatched), else every staff member whose position is department manager there; the
 * general manager is every general manager of the store. When a store has named nobody,
 * its customer-relations managers are told, so an escalation never lands nowhere.
 */
export async function escalationRecipients(
  tx: Tx,
  { storeId, step, department }: { storeId: string; step: EscalationStep; department: Department | null },
): Promise<string[]> {
  let userIds: string[] = [];
  if (step === 'departmentManager') {
    const named = await tx<{ userId: string }[]>`
      select m.manager_user_id as user_id from complaint_department_managers m
      join users u on u.id = m.manager_user_id and u.active
      where m.store_id = ${storeId} and m.department = ${department ?? 'customerRelations'}`;
    userIds = named.map((r) => r.userId);
  }
  if (userIds.length === 0) userIds = await holdersOf(tx, storeId, 'staff', positionOf(step));
  if (userIds.length === 0) userIds = await holdersOf(tx, storeId, 'cr_manager', null);
  return userIds;
}

const positionOf = (step: EscalationStep) =>
  step === 'departmentManager' ? 'department_manager' : 'general_manager';

async function holdersOf(tx: Tx, storeId: string, role: string, position: string | null): Promise<string[]> {
  const rows = await tx<{ userId: string }[]>`
    select distinct r.user_id from role_assignments r join users u on u.id = r.user_id and u.active
    where r.store_id = ${storeId} and r.role = ${role}
      and r.position is not distinct from ${position}
    order by r.user_id`;
  return rows.map((r) => r.userId);
}
