import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The callback workbench: today's queue; the calls themselves run without page loads.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await answer(
      locals.api.GET('/v1/stores/{storeId}/callback-queue', { params: { path: { storeId: store.id } } }),
    );
    return { queue: items };
  } catch (err) {
    raiseFromApi(err);
  }
};
