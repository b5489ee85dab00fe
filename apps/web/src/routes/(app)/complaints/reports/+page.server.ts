import { error } from '@sveltejs/kit';
import { requestedRange, todayIn } from '$lib/complaints/report-range';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The store's complaint report for the asked days, this month (on the store's calendar) by default.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const today = todayIn(store.timeZone);
  const range = requestedRange(url.searchParams, today);
  try {
    const report = await answer(
      locals.api.GET('/v1/stores/{storeId}/complaint-reports', {
        params: { path: { storeId: store.id }, query: { from: range.from, to: range.to } },
      }),
    );
    return { report, range, today };
  } catch (err) {
    raiseFromApi(err);
  }
};
