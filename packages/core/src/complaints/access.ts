import type { Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, seesAllStores } from '../identity/actor.ts';
import type { ComplaintCategory, ComplaintState, Department } from './schema.ts';

/**
 * A staff member (sales consultant, service advisor, repair team lead) sees and answers
 * only the complaints they are responsible for; department and general managers, and
 * every other role that may read complaints, see all of the store's.
 */
export function limitedToOwnComplaints(actor: Actor, storeId: string): string | null {
  if (actor.kind !== 'user' || seesAllStores(actor)) return null;
  const here = actor.roles.filter((r) => r.storeId === storeId);
  const onlyStaff = here.length > 0 && here.every((r) => r.role === 'staff');
  const manager = here.some((r) => r.position === 'department_manager' || r.position === 'general_manager');
  return onlyStaff && !manager ? actor.userId : null;
}

export interface LockedComplaint {
  id: string;
  storeId: string;
  caseNo: string;
  state: ComplaintState;
  category: ComplaintCategory;
  severity: 'ordinary' | 'urgent';
  channel: 'callback' | 'walkIn' | 'phone' | 'letter' | 'email';
  relatedTo: 'sales' | 'afterSales' | null;
  isRepeat: boolean;
  department: Department | null;
  responsibleUserId: string | null;
  customerId: string | null;
}

/**
 * The complaint, locked for this command. Another store's or another group's id, and a
 * complaint a staff member is not responsible for, are not found.
 */
export async function lockComplaint(
  tx: Tx,
  actor: Actor,
  storeId: string,
  complaintId: string,
): Promise<LockedComplaint> {
  const [row] = await tx<LockedComplaint[]>`
    select id, store_id, case_no, state, category, severity, channel, related_to, is_repeat, department,
      responsible_user_id, customer_id
    from complaints where id = ${complaintId} and store_id = ${storeId} for update`;
  const own = limitedToOwnComplaints(actor, storeId);
  if (!row || (own && row.responsibleUserId !== own)) throw notFound('Complaint');
  return row;
}
