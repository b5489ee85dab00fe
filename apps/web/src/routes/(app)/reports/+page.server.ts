import { error, redirect } from '@sveltejs/kit';
import type { Dashboard } from '$lib/api/contract';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';
import { monthOf } from './month';

// 门店看板: the store chosen in the switcher — its headline figures for a month and their
// twelve months, from the same API as HQ's dashboard (which serves a store admin their own
// stores). A role that may read the report pack but not the dashboard goes to the pack.
export const load: PageServerLoad = async ({ locals, parent, url }) => {
  const { store, reports } = await parent();
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  if (!reports.dashboard) redirect(303, `/reports/${encodeURIComponent(store.id)}${url.search}`);
  const month = monthOf(url);
  let board: Dashboard;
  try {
    board = await locals.api.get<Dashboard>(`/reports/dashboard?month=${month}`);
  } catch (err) {
    raiseFromApi(err);
  }
  // Only the chosen store leaves the server: a store admin of several stores (or HQ) gets
  // them all from the API, but this page is one store's.
  const row = board.stores.find((s) => s.storeId === store.id);
  if (!row) error(404, { message: 'The store has no dashboard (inactive?)', code: 'NOT_FOUND' });
  return {
    month: board.to,
    figures: row.figures,
    board: {
      ...board,
      stores: [{ ...row, rank: 1 }],
      trend: { months: board.trend.months, stores: board.trend.stores.filter((s) => s.storeId === store.id) },
    } satisfies Dashboard,
  };
};
