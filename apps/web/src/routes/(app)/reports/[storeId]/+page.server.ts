import type { ReportPack } from '$lib/api/contract';
import { raiseFromApi } from '$lib/server/respond';
import { monthOf } from '../month';
import type { PageServerLoad } from './$types';

// One store's report pack for a month: HQ reaches any store's from the dashboard.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const month = monthOf(url);
  try {
    const pack = await locals.api.get<ReportPack>(
      `/stores/${encodeURIComponent(params.storeId)}/report-pack?month=${month}`,
    );
    return { pack, month };
  } catch (err) {
    raiseFromApi(err);
  }
};
