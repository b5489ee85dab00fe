import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { raiseFromApi } from '$lib/server/respond';
import type { PageServerLoad } from './$types';

// The department inbox: the complaints the signed-in person is responsible for.
export const load: PageServerLoad = async ({ locals }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const { items } = await answer(
      locals.api.GET('/v1/stores/{storeId}/complaints', {
        params: { path: { storeId: store.id }, query: { mine: 'true' } },
      }),
    );
    return { complaints: items.filter((c) => c.state !== 'closed' && c.state !== 'notUpheld') };
  } catch (err) {
    raiseFromApi(err);
  }
};
