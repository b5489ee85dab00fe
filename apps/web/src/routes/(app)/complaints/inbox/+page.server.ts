import { error } from '@sveltejs/kit';
import type { ComplaintSummary } from '$lib/complaints/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The department inbox: the complaints the signed-in person is responsible for.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await locals.api.get<{ items: ComplaintSummary[] }>(
      `/stores/${encodeURIComponent(store.id)}/complaints?mine=true`,
    );
    return { complaints: items.filter((c) => c.state !== 'closed' && c.state !== 'notUpheld') };
  } catch (err) {
    raiseFromApi(err);
  }
};
