import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

/** What the store's next nightly scan would send (GET /stores/{id}/sms/campaign-preview). */
export interface CampaignPreview {
  day: string;
  scanAt: string;
  total: number;
  byReason: { reason: string; count: number }[];
  noNumber: number;
  alreadySent: number;
  stale: number;
  vehicles: number;
  sample: {
    customerId: string | null;
    customerName: string | null;
    plate: string | null;
    phone: string;
    reason: string;
    category: 'transactional' | 'reminder' | 'marketing';
    text: string;
  }[];
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

// The campaign preview of the store in the switcher: the next nightly scan, or the day in ?date=.
export const load: PageServerLoad = async ({ locals, url }) => {
  const date = url.searchParams.get('date') ?? '';
  const store = locals.store;
  if (!store) return { date, preview: null };
  const query = new URLSearchParams({ sample: '10' });
  if (isoDate.test(date)) query.set('date', date);
  try {
    const preview = await locals.api.get<CampaignPreview>(
      `/stores/${encodeURIComponent(store.id)}/sms/campaign-preview?${query}`,
    );
    return { date: isoDate.test(date) ? date : '', preview };
  } catch (err) {
    raiseFromApi(err);
  }
};
