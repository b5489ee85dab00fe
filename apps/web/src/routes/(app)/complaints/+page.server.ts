import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The store's complaint board: every complaint by state, each with its running clocks.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await answer(
      locals.api.GET('/v1/stores/{storeId}/complaints', {
        params: { path: { storeId: store.id }, query: { limit: 500 } },
      }),
    );
    return { complaints: items };
  } catch (err) {
    raiseFromApi(err);
  }
};
