import { statisticsQuery } from '$lib/callbacks/statistics-query';
import type { StatisticsRow } from '$lib/callbacks/types';
import { raiseFromApi } from '$lib/server/respond';
import { twelveMonthsTo } from '../../callbacks/statistics/trend-months';
import type { PageServerLoad } from './$types';

type GroupTable = {
  by: 'salesConsultant' | 'serviceAdvisor' | 'repairTeam';
  stores: (StatisticsRow & { storeId: string; rank: number })[];
};

// HQ: every store's satisfaction figures for a month, side by side and ranked, and each
// store's fully-satisfied rate over the twelve months up to it (the trend chart).
export const load: PageServerLoad = async ({ locals, url }) => {
  const query = statisticsQuery(url);
  const month = query.get('month') ?? '';
  try {
    const months = twelveMonthsTo(month);
    const [table, ...trend] = await Promise.all([
      locals.api.get<GroupTable>(`/callback-statistics?${query}`),
      ...months.map((m) =>
        locals.api.get<GroupTable>(
          `/callback-statistics?${new URLSearchParams({ by: query.get('by') ?? '', month: m })}`,
        ),
      ),
    ]);
    const stores = table.stores.map((s) => ({
      name: s.name,
      fullyRates: trend.map((t) => t.stores.find((x) => x.storeId === s.storeId)?.fullySatisfiedRate ?? null),
    }));
    return { table, month, trend: { months, stores } };
  } catch (err) {
    raiseFromApi(err);
  }
};
