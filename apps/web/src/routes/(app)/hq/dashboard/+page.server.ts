import { type Dashboard, dashboardFigures } from '$lib/api/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The dashboard's query: a month (this month by default) or a range of months, and the figure to rank by. */
function dashboardQuery(url: URL): URLSearchParams {
  const get = (name: string) => {
    const value = url.searchParams.get(name);
    return value && monthPattern.test(value) ? value : null;
  };
  const rankBy =
    dashboardFigures.find((f) => f === url.searchParams.get('rankBy')) ?? 'salesFullySatisfiedRate';
  const from = get('from');
  const to = get('to');
  if (from && to) return new URLSearchParams({ from, to, rankBy });
  return new URLSearchParams({ month: get('month') ?? new Date().toISOString().slice(0, 7), rankBy });
}

// HQ: every store of the group side by side, ranked, with the twelve months before.
export const load: PageServerLoad = async ({ locals, url }) => {
  const query = dashboardQuery(url);
  try {
    const board = await locals.api.get<Dashboard>(`/reports/dashboard?${query}`);
    return { board, query: query.toString() };
  } catch (err) {
    raiseFromApi(err);
  }
};
