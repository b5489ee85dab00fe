import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { Position, Role } from '../identity/schema.ts';
import { requireStore } from '../tenancy/stores.ts';

/** Someone a complaint can be dispatched to, or a department managed by: name and jobs, no contact details. */
export const ComplaintPerson = z
  .object({
    id: z.uuid(),
    name: z.string(),
    roles: z.array(z.object({ role: Role, position: Position.nullable() })),
  })
  .meta({ id: 'ComplaintPerson' });
export type ComplaintPerson = z.infer<typeof ComplaintPerson>;

/**
 * The active people of a store (and the group's HQ), for choosing a responsible person
 * when dispatching and for the category mapping: the same set `assertStorePeople` accepts.
 *
 * @example
 * const people = await listComplaintPeople({ db, actor, storeId });
 */
export async function listComplaintPeople({
  db,
  actor,
  storeId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
}): Promise<ComplaintPerson[]> {
  assertStoreCan(actor, storeId, 'complaints.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return tx<ComplaintPerson[]>`
      select u.id, u.name,
        jsonb_agg(jsonb_build_object('role', r.role, 'position', r.position) order by r.role) as roles
      from users u join role_assignments r on r.user_id = u.id
      where u.active and (r.store_id = ${storeId} or r.role = 'hq_admin')
      group by u.id, u.name
      order by u.name, u.id`;
  });
}
