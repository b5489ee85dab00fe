import { error } from '@sveltejs/kit';
import type { ComplaintSummary } from '$lib/complaints/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The store's complaint board: every complaint by state, each with its running clocks.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await locals.api.get<{ items: ComplaintSummary[] }>(
      `/stores/${encodeURIComponent(store.id)}/complaints?limit=500`,
    );
    return { complaints: items };
  } catch (err) {
    raiseFromApi(err);
  }
};
