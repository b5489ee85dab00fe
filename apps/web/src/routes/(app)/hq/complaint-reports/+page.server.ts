import { requestedRange, todayIn } from '$lib/complaints/report-range';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// Every store's complaint report side by side, this month by default (on the chosen store's
// calendar; each store's figures are still counted on its own).
export const load: PageServerLoad = async ({ locals, url }) => {
  const today = todayIn(locals.store?.timeZone ?? 'Asia/Shanghai');
  const range = requestedRange(url.searchParams, today);
  try {
    const report = await answer(
      locals.api.GET('/v1/complaint-reports', { params: { query: { from: range.from, to: range.to } } }),
    );
    return { report, range, today };
  } catch (err) {
    raiseFromApi(err);
  }
};
