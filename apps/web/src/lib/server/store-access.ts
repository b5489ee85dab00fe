import type { Role, RoleAssignment } from '../api/contract';

/**
 * Does the person hold one of these roles at this store (HQ: at every store of the group)?
 * The UI's mirror of core's canAtStore; the API still decides on every call.
 */
export function holdsAtStore(
  roles: readonly RoleAssignment[],
  storeId: string,
  allowed: readonly Role[],
): boolean {
  return roles.some(
    (r) =>
      allowed.includes(r.role) && (r.storeId === storeId || (r.storeId === null && r.role === 'hq_admin')),
  );
}

// Mirrors core's `reports.read` (the month's report pack) and `reports.dashboard` (the
// headline figures and their twelve-month trend).
const packRoles: readonly Role[] = ['hq_admin', 'store_admin', 'cr_manager'];
const dashboardRoles: readonly Role[] = ['hq_admin', 'store_admin'];

/** Which of the store's reports the navigation offers the signed-in user. */
export function reportAccess(roles: readonly RoleAssignment[], storeId: string) {
  return {
    pack: holdsAtStore(roles, storeId, packRoles),
    dashboard: holdsAtStore(roles, storeId, dashboardRoles),
  };
}
