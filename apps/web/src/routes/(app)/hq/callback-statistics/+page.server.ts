import { statisticsQuery } from '$lib/callbacks/statistics-query';
import type { StatisticsRow } from '$lib/callbacks/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// HQ: every store's satisfaction figures for a month, side by side and ranked.
export const load: PageServerLoad = async ({ locals, url }) => {
  const query = statisticsQuery(url);
  try {
    const table = await locals.api.get<{
      by: 'salesConsultant' | 'serviceAdvisor' | 'repairTeam';
      stores: (StatisticsRow & { storeId: string; rank: number })[];
    }>(`/callback-statistics?${query}`);
    return { table, month: query.get('month') ?? '' };
  } catch (err) {
    raiseFromApi(err);
  }
};
