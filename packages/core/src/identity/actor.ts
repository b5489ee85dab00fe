import { AppError, forbidden, notFound } from '../errors.ts';
import type { Role, RoleAssignment } from './schema.ts';

/** Who is asking: a signed-in person, a store's API token (the DMS), or a worker acting for the system. */
export type Actor =
  | { kind: 'user'; tenantId: string; userId: string; sessionId: string | null; roles: RoleAssignment[] }
  | { kind: 'token'; tenantId: string; tokenId: string; storeId: string }
  | { kind: 'system'; tenantId: string; job: string };

/**
 * What each role may do. Tenant-wide roles (hq_admin) act on every store of their group;
 * store roles act on the stores they are assigned to. One table, so the role matrix
 * test and the code read the same thing.
 */
export const permissions = {
  'tenants.manage': ['platform_admin'],
  'queues.view': ['platform_admin'],
  'stores.create': ['hq_admin'],
  'stores.update': ['hq_admin'],
  'stores.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'users.manage': ['hq_admin', 'store_admin'],
  'apiTokens.manage': ['hq_admin', 'store_admin'],
  'rules.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'rules.edit': ['hq_admin', 'store_admin'],
  'rules.editGroup': ['hq_admin'],
  'customers.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'customers.write': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'],
  'customers.unmask': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'],
  // The whole store's file in clear is the managers' alone: the front-line roles unmask one customer at a time.
  'customers.exportUnmasked': ['hq_admin', 'store_admin', 'cr_manager'],
  'events.ingest': ['hq_admin', 'store_admin', 'cr_manager'],
  'membership.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'membership.serve': ['hq_admin', 'store_admin', 'cr_manager', 'receptionist'],
  'membership.manage': ['hq_admin', 'store_admin', 'cr_manager'],
  // Points awarded for an activity or a suggestion: a receptionist asks, a manager approves.
  'membership.approveAwards': ['hq_admin', 'store_admin', 'cr_manager'],
  'membership.quote': ['hq_admin', 'store_admin', 'cr_manager', 'receptionist', 'staff'],
  'complaints.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'complaints.intake': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'],
  'complaints.handle': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
  'complaints.answer': ['hq_admin', 'store_admin', 'cr_manager', 'staff'],
  'complaints.signOff': ['hq_admin', 'store_admin', 'cr_manager'],
  'complaints.configure': ['hq_admin', 'store_admin', 'cr_manager'],
  'complaints.report': ['hq_admin', 'store_admin', 'cr_manager'],
  'sms.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'sms.send': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
  'sms.manage': ['hq_admin', 'store_admin'],
  'lostCustomers.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'staff'],
  'lostCustomers.contact': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
  'callbacks.work': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
  'callbacks.assign': ['hq_admin', 'store_admin', 'cr_manager'],
  'callbacks.statistics': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
  // The call script's opening and closing lines (话术) are the store admin's.
  'callbacks.configure': ['hq_admin', 'store_admin'],
  // 改善讨论会: the managers record meetings and improvement items; every store role reads them.
  'quality.read': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'],
  'quality.manage': ['hq_admin', 'store_admin', 'cr_manager'],
  'reports.read': ['hq_admin', 'store_admin', 'cr_manager'],
  'reports.dashboard': ['hq_admin', 'store_admin'],
  // 客户档案检核: the manager and the callback specialists compare files with the paper originals.
  'archiveAudit.work': ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

function rolesOf(actor: Actor): RoleAssignment[] {
  return actor.kind === 'user' ? actor.roles : [];
}

export function requireUser(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'This needs a signed-in user, not an API token');
  return actor;
}

/** A tenant-wide permission (no store involved). */
export function can(actor: Actor, permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission];
  return rolesOf(actor).some((r) => r.storeId === null && allowed.includes(r.role));
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** Does the actor hold a tenant-wide role (HQ) that covers every store of the group? */
export function seesAllStores(actor: Actor): boolean {
  return rolesOf(actor).some((r) => r.storeId === null && r.role === 'hq_admin');
}

/** The stores this actor is assigned to, or 'all' for HQ. */
export function visibleStoreIds(actor: Actor): 'all' | string[] {
  if (actor.kind === 'token') return [actor.storeId];
  if (actor.kind === 'system') return [];
  if (seesAllStores(actor)) return 'all';
  return [...new Set(actor.roles.flatMap((r) => (r.storeId ? [r.storeId] : [])))];
}

/** A store-scoped permission: HQ on any store of its group, a store role on its own store. */
export function canAtStore(actor: Actor, storeId: string, permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission];
  return rolesOf(actor).some(
    (r) =>
      allowed.includes(r.role) && (r.storeId === storeId || (r.storeId === null && r.role === 'hq_admin')),
  );
}

/**
 * Throws unless the actor may do this at this store. A store the actor has nothing to do
 * with is reported as not found, so ids of other stores reveal nothing.
 */
export function assertStoreCan(actor: Actor, storeId: string, permission: Permission): void {
  if (canAtStore(actor, storeId, permission)) return;
  const related =
    seesAllStores(actor) ||
    rolesOf(actor).some((r) => r.storeId === storeId) ||
    (actor.kind === 'token' && actor.storeId === storeId);
  throw related ? forbidden() : notFound('Store');
}

/** The actor a worker or a sync uses inside one tenant. */
export function systemActor(tenantId: string, job: string): Actor {
  return { kind: 'system', tenantId, job };
}
