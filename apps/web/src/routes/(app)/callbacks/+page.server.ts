import { error } from '@sveltejs/kit';
import type { QueueItem } from '$lib/callbacks/types';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The callback workbench: today's queue; the calls themselves run without page loads.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await locals.api.get<{ items: QueueItem[] }>(
      `/stores/${encodeURIComponent(store.id)}/callback-queue`,
    );
    return { queue: items };
  } catch (err) {
    raiseFromApi(err);
  }
};
