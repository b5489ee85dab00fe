import { error } from '@sveltejs/kit';
import type { ImportView } from '$lib/api/contract';
import { failFromApi, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

// The import's progress and, once it is done, its counts and the rejected rows. The page
// polls ./progress every second; this load is its first reading.
export const load: PageServerLoad = async ({ locals, params }) => {
  const store = locals.store;
  if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  try {
    const view = await locals.api.get<ImportView>(
      `/stores/${encodeURIComponent(store.id)}/imports/${encodeURIComponent(params.importId)}`,
    );
    return { store, view };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  // An import that failed while running, its file kept: queued again from its last saved row.
  resume: async ({ locals, params }) => {
    const store = locals.store;
    if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
    try {
      await locals.api.post<ImportView>(
        `/stores/${encodeURIComponent(store.id)}/imports/${encodeURIComponent(params.importId)}/resume`,
        {},
      );
      return { resumed: true };
    } catch (err) {
      return failFromApi(err, 'resume');
    }
  },
};
