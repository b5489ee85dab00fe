import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { requireStore } from '../tenancy/stores.ts';
import {
  type Actor,
  assertCan,
  assertStoreCan,
  canAtStore,
  requireUser,
  seesAllStores,
  visibleStoreIds,
} from './actor.ts';
import type {
  CreateUserInput,
  RoleAssignment,
  RoleAssignmentInput,
  UpdateUserInput,
  User,
} from './schema.ts';
import { hashPassword } from './secrets.ts';

export interface UserCommandOptions {
  db: Database;
  actor: Actor;
  requestId?: string;
}

const userQuery = (tx: Tx) => tx`
  select u.id, u.name, u.email, u.mobile, u.locale, u.active,
    coalesce((select json_agg(json_build_object('id', r.id, 'role', r.role, 'storeId', r.store_id, 'position', r.position)
      order by r.created_at) from role_assignments r where r.user_id = u.id), '[]') as roles
  from users u`;

/**
 * Who may hand out which role: HQ any role of its group except platform_admin; a store
 * admin only store roles in their own store(s).
 */
function assertMayAssign(actor: Actor, assignment: RoleAssignmentInput): void {
  if (assignment.role === 'platform_admin') throw forbidden('platform_admin cannot be assigned here');
  if (seesAllStores(actor)) return;
  if (!assignment.storeId || assignment.role === 'hq_admin')
    throw forbidden('Only HQ can assign group-wide roles');
  assertStoreCan(actor, assignment.storeId, 'users.manage');
}

/** The stores where the actor is a store admin (may manage people); 'all' for HQ. */
function administeredStoreIds(actor: Actor): 'all' | string[] {
  if (seesAllStores(actor)) return 'all';
  const stores = visibleStoreIds(actor);
  return stores === 'all' ? stores : stores.filter((s) => canAtStore(actor, s, 'users.manage'));
}

/** A store admin sees the people who work at a store they administer; HQ sees everyone in the group. */
function assertMaySee(actor: Actor, target: User): void {
  const stores = administeredStoreIds(actor);
  if (stores === 'all') return;
  if (!target.roles.some((r) => r.storeId && stores.includes(r.storeId))) throw notFound('User');
}

/**
 * A store admin changes a person (details, email, mobile, password, activity, roles) only when
 * every role that person holds is at a store the admin administers: someone who also works
 * at another store, or group-wide, is HQ's to change, or the admin of one store could take
 * over an account that opens another store's customer files.
 */
function assertMayChange(actor: Actor, target: User): void {
  assertMaySee(actor, target);
  const stores = administeredStoreIds(actor);
  if (stores === 'all') return;
  if (target.roles.some((r) => r.storeId === null)) throw forbidden('Only HQ can change group-wide users');
  if (!target.roles.every((r) => r.storeId && stores.includes(r.storeId)))
    throw forbidden('This person also works at a store you do not administer; only HQ can change them');
}

/** HQ, or a store admin of at least one store. */
function assertManager(actor: Actor): void {
  requireUser(actor);
  if (seesAllStores(actor)) {
    assertCan(actor, 'users.manage');
    return;
  }
  const stores = administeredStoreIds(actor);
  if (stores === 'all' || stores.length === 0) throw forbidden();
}

export async function listUsers({
  db,
  actor,
  storeId,
}: UserCommandOptions & { storeId?: string }): Promise<User[]> {
  assertManager(actor);
  if (storeId) assertStoreCan(actor, storeId, 'users.manage');
  const administered = administeredStoreIds(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    // HQ's roles cover "any store": a store id of another group is not found, not an empty list.
    if (storeId) await requireStore(tx, storeId);
    const scope = storeId ? [storeId] : administered === 'all' ? null : administered;
    return scope
      ? tx<User[]>`${userQuery(tx)} where exists (select 1 from role_assignments r
          where r.user_id = u.id and r.store_id = any(${scope}::uuid[])) order by u.name`
      : tx<User[]>`${userQuery(tx)} order by u.name`;
  });
}

async function loadUser(tx: Tx, userId: string): Promise<User> {
  const [user] = await tx<User[]>`${userQuery(tx)} where u.id = ${userId}`;
  if (!user) throw notFound('User');
  return user;
}

export async function getUser({ db, actor, userId }: UserCommandOptions & { userId: string }): Promise<User> {
  assertManager(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    const user = await loadUser(tx, userId);
    assertMaySee(actor, user);
    return user;
  });
}

/** Inserts a person with their roles; used by the API and by tenants-config sync. */
export async function insertUser(tx: Tx, tenantId: string, input: CreateUserInput): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await tx<{ id: string }[]>`
    insert into users (tenant_id, name, email, mobile, password_hash, locale)
    values (${tenantId}, ${input.name}, ${input.email ?? null}, ${input.mobile ?? null}, ${passwordHash}, ${input.locale})
    returning id`;
  if (!row) throw new Error('user insert returned nothing');
  for (const r of input.roles) await insertRole(tx, tenantId, row.id, r);
  return row.id;
}

async function insertRole(
  tx: Tx,
  tenantId: string,
  userId: string,
  r: RoleAssignmentInput,
): Promise<RoleAssignment> {
  const [assignment] = await tx<RoleAssignment[]>`
    insert into role_assignments (tenant_id, user_id, store_id, role, position)
    values (${tenantId}, ${userId}, ${r.storeId ?? null}, ${r.role}, ${r.position ?? null})
    returning id, role, store_id, position`;
  if (!assignment) throw new Error('role insert returned nothing');
  return assignment;
}

export async function createUser({
  db,
  actor,
  input,
  requestId,
}: UserCommandOptions & { input: CreateUserInput }): Promise<User> {
  assertManager(actor);
  for (const r of input.roles) assertMayAssign(actor, r);
  return db.withTenant(actor.tenantId, async (tx) => {
    const id = await insertUser(tx, actor.tenantId, input);
    await recordAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: id }, requestId);
    return loadUser(tx, id);
  });
}

export async function updateUser({
  db,
  actor,
  userId,
  input,
  requestId,
}: UserCommandOptions & { userId: string; input: UpdateUserInput }): Promise<User> {
  assertManager(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    assertMayChange(actor, await loadUser(tx, userId));
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const has = (k: keyof UpdateUserInput) => Object.hasOwn(input, k);
    await tx`
      update users set
        name = coalesce(${input.name ?? null}, name),
        email = case when ${has('email')} then ${input.email ?? null} else email end,
        mobile = case when ${has('mobile')} then ${input.mobile ?? null} else mobile end,
        locale = coalesce(${input.locale ?? null}, locale),
        active = coalesce(${input.active ?? null}::boolean, active),
        password_hash = coalesce(${passwordHash}, password_hash),
        updated_at = now()
      where id = ${userId}`;
    if (input.password || input.active === false) await tx`delete from sessions where user_id = ${userId}`;
    await recordAudit(
      tx,
      actor,
      { action: 'user.update', entity: 'user', entityId: userId, details: { fields: Object.keys(input) } },
      requestId,
    );
    return loadUser(tx, userId);
  });
}

export async function addRole({
  db,
  actor,
  userId,
  input,
  requestId,
}: UserCommandOptions & { userId: string; input: RoleAssignmentInput }): Promise<RoleAssignment> {
  assertManager(actor);
  assertMayAssign(actor, input);
  return db.withTenant(actor.tenantId, async (tx) => {
    assertMayChange(actor, await loadUser(tx, userId));
    const assignment = await insertRole(tx, actor.tenantId, userId, input);
    await recordAudit(
      tx,
      actor,
      { action: 'role.add', entity: 'user', entityId: userId, details: { role: input.role } },
      requestId,
    );
    return assignment;
  });
}

export async function removeRole({
  db,
  actor,
  userId,
  assignmentId,
  requestId,
}: UserCommandOptions & { userId: string; assignmentId: string }): Promise<void> {
  assertManager(actor);
  await db.withTenant(actor.tenantId, async (tx) => {
    const user = await loadUser(tx, userId);
    assertMayChange(actor, user);
    const assignment = user.roles.find((r) => r.id === assignmentId);
    if (!assignment) throw notFound('Role assignment');
    assertMayAssign(actor, assignment);
    if (user.roles.length === 1)
      throw new AppError('CONFLICT', 'A user keeps at least one role; deactivate the user instead');
    if (actor.kind === 'user' && actor.userId === userId && assignment.role === 'hq_admin')
      throw new AppError('CONFLICT', 'You cannot remove your own HQ role');
    await tx`delete from role_assignments where id = ${assignmentId} and user_id = ${userId}`;
    await recordAudit(
      tx,
      actor,
      { action: 'role.remove', entity: 'user', entityId: userId, details: { role: assignment.role } },
      requestId,
    );
  });
}
