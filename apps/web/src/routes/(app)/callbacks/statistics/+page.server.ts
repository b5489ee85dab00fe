import { error } from '@sveltejs/kit';
import { statisticsQuery } from '$lib/callbacks/statistics-query';
import type { StatisticsTable } from '$lib/callbacks/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// 满意率统计表 of the store for a month, per consultant / advisor / team.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const query = statisticsQuery(url);
  try {
    const table = await locals.api.get<StatisticsTable>(
      `/stores/${encodeURIComponent(store.id)}/callback-statistics?${query}`,
    );
    return { table, month: query.get('month') ?? '' };
  } catch (err) {
    raiseFromApi(err);
  }
};
