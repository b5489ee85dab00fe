import { redirect } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';
import { type QualityMeetingSummary, qualityStoreId, withStore } from './types';

// The store's improvement meetings (改善讨论会), one per closed month. `?store=` opens another
// store's (HQ's drill-down); with `&month=YYYY-MM` it goes straight to that month's meeting.
export const load: PageServerLoad = async ({ locals, url }) => {
  const storeId = qualityStoreId(url, locals.store?.id);
  if (!storeId) return { storeId: null, meetings: null };
  let meetings: QualityMeetingSummary[];
  try {
    ({ items: meetings } = await answer(
      locals.api.GET('/v1/stores/{storeId}/quality/meetings', { params: { path: { storeId } } }),
    ));
  } catch (err) {
    raiseFromApi(err);
  }
  // A month (YYYY-MM) or a day of it (YYYY-MM-DD) both name the month.
  const month = (url.searchParams.get('month') ?? '').slice(0, 7);
  const wanted = month ? meetings.find((m) => m.month === month) : undefined;
  if (wanted) redirect(303, withStore(`/quality/meetings/${wanted.id}`, url));
  return { storeId, meetings };
};
