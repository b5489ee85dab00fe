import type { Role, RoleAssignment } from '../api/contract';
import { holdsAtStore } from './store-access';

// Mirrors the API's role matrix for the customer file (core's `customers.unmask` and
// `customers.write`: every store role but plain staff; `events.ingest` and
// `customers.exportUnmasked`: HQ, store admin, CR manager). The API still decides on every call; this only hides buttons a role could
// not use.
const clearViewRoles: readonly Role[] = [
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
];
const managerRoles: readonly Role[] = ['hq_admin', 'store_admin', 'cr_manager'];

/** What the signed-in user may do with customer files of this store, as far as the UI goes. */
export function customerAccess(roles: readonly RoleAssignment[], storeId: string) {
  return {
    /** "Show full number" (audited) and see phones as tel: links. */
    unmask: holdsAtStore(roles, storeId, clearViewRoles),
    edit: holdsAtStore(roles, storeId, clearViewRoles),
    import: holdsAtStore(roles, storeId, managerRoles),
    /** Export the whole file in clear (audited). */
    exportUnmasked: holdsAtStore(roles, storeId, managerRoles),
  };
}
