import { redirect } from '@sveltejs/kit';
import { groupRoles } from '$lib/api/contract';
import { answer } from '$lib/server/api';
import { reportAccess } from '$lib/server/store-access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
  // The hook already sends anyone without a session to /login; this narrows the type.
  if (!locals.session) redirect(303, '/login');
  const { user, tenant, roles, stores } = locals.session;
  const store = locals.store;
  // What the navigation offers. The API still authorises every call; this only hides
  // links a role could not use.
  const isHq = roles.some((assignment) => groupRoles.includes(assignment.role));
  const canAdminStore =
    isHq || (store !== null && roles.some((a) => a.role === 'store_admin' && a.storeId === store.id));
  const reports = store ? reportAccess(roles, store.id) : { pack: false, dashboard: false };
  // The bell's count: the person's unread notifications (escalations, dispatches).
  const { items: unread } = await answer(
    locals.api.GET('/v1/notifications', { params: { query: { unread: 'true', limit: 200 } } }),
  );
  return { user, tenant, roles, stores, store, isHq, canAdminStore, reports, unread: unread.length };
};
