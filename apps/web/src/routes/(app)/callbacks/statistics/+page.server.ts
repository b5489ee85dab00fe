import { error } from '@sveltejs/kit';
import { statisticsQuery } from '$lib/callbacks/statistics-query';
import type { StatisticsTable } from '$lib/callbacks/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';
import { twelveMonthsTo } from './trend-months';

// 满意率统计表 of the store for a month, per consultant / advisor / team, and the store's
// totals for the twelve months up to it (the trend chart; whole months come from the roll-up).
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const query = statisticsQuery(url);
  const month = query.get('month') ?? '';
  const path = `/stores/${encodeURIComponent(store.id)}/callback-statistics`;
  try {
    const months = twelveMonthsTo(month);
    const [table, ...trend] = await Promise.all([
      locals.api.get<StatisticsTable>(`${path}?${query}`),
      ...months.map((m) =>
        locals.api.get<StatisticsTable>(
          `${path}?${new URLSearchParams({ by: query.get('by') ?? '', month: m })}`,
        ),
      ),
    ]);
    return {
      table,
      month,
      trend: { months, totals: trend.map((t) => t.total) },
    };
  } catch (err) {
    raiseFromApi(err);
  }
};
