import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import { monthOf } from '../month';
import type { PageServerLoad } from './$types';

// One store's report pack for a month: HQ reaches any store's from the dashboard.
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const month = monthOf(url);
  try {
    const pack = await answer(
      locals.api.GET('/v1/stores/{storeId}/report-pack', {
        params: { path: { storeId: params.storeId }, query: { month } },
      }),
    );
    return { pack, month };
  } catch (err) {
    raiseFromApi(err);
  }
};
