import type { Dashboard } from '$lib/api/contract';
import { dashboardQuery } from '$lib/reports/dashboard';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// HQ: every store of the group side by side, ranked, with the twelve months before.
export const load: PageServerLoad = async ({ locals, url }) => {
  const query = dashboardQuery(url);
  try {
    const board = await locals.api.get<Dashboard>(`/reports/dashboard?${query}`);
    return { board };
  } catch (err) {
    raiseFromApi(err);
  }
};
