import { redirect } from '@sveltejs/kit';
import type {
  ApiErrorBody,
  CustomerFileSummary,
  Items,
  MemberCard,
  MembershipSettings,
} from '$lib/api/contract';
import { ApiError } from '$lib/server/api';
import { text } from '$lib/server/form-input';
import { clubPath, clubStoreOf, storeTiers } from '$lib/server/membership';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

const searchLimit = 20;

// 入会: find the car in the store's files (the same search as the customer file), choose it,
// tick the documents seen, issue. Search and choice live in the URL (`?q=…&vehicleId=…`).
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  const vehicleId = url.searchParams.get('vehicleId');
  const store = locals.store;
  const empty = {
    q,
    vehicleId,
    results: null as CustomerFileSummary[] | null,
    searchError: null as ApiErrorBody | null,
    tiers: [] as { code: string; label: string }[],
    settings: null as MembershipSettings | null,
  };
  if (!store) return empty;
  try {
    const [tiers, settings] = await Promise.all([
      storeTiers(locals.api, store.id),
      locals.api.get<MembershipSettings>(clubPath(store.id, '/settings')),
    ]);
    if (q.length < 2) return { ...empty, tiers, settings };
    try {
      const { items } = await locals.api.get<Items<CustomerFileSummary>>(
        `/stores/${encodeURIComponent(store.id)}/customer-files?q=${encodeURIComponent(q)}&limit=${searchLimit}`,
      );
      return { ...empty, tiers, settings, results: items };
    } catch (err) {
      // A term the API cannot read is said beside the box, not as an error page.
      if (err instanceof ApiError && err.code === 'INVALID_INPUT')
        return { ...empty, tiers, settings, searchError: err.toBody() };
      throw err;
    }
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  issue: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    const tier = text(data, 'tier');
    let card: MemberCard;
    try {
      card = await locals.api.post<MemberCard>(clubPath(store.id, '/cards'), {
        vehicleId: text(data, 'vehicleId'),
        documents: {
          idCard: data.has('idCard'),
          vehicleLicence: data.has('vehicleLicence'),
          drivingLicence: data.has('drivingLicence'),
        },
        ...(tier ? { tier } : {}),
      });
    } catch (err) {
      return failFromApi(err, 'issue', formValues(data));
    }
    redirect(303, `/membership/cards/${card.id}?done=issued`);
  },
};
