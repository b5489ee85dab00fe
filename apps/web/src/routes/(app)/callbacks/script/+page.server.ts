import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function storeOf(locals: App.Locals) {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return { params: { path: { storeId: locals.store.id } } };
}

// The store's call script (话术): the opening lines and the closing line the call screen shows.
export const load: PageServerLoad = async ({ locals }) => {
  try {
    return { script: await answer(locals.api.GET('/v1/stores/{storeId}/callback-script', storeOf(locals))) };
  } catch (err) {
    raiseFromApi(err);
  }
};

/** An empty line keeps (or goes back to) the built-in default. */
const line = (data: FormData, name: string) => {
  const value = String(data.get(name) ?? '').trim();
  return value === '' ? null : value;
};

export const actions: Actions = {
  save: async ({ request, locals }) => {
    const data = await request.formData();
    try {
      await answer(
        locals.api.PUT('/v1/stores/{storeId}/callback-script', {
          ...storeOf(locals),
          body: {
            salesOpening: line(data, 'salesOpening'),
            afterSalesOpening: line(data, 'afterSalesOpening'),
            closing: line(data, 'closing'),
          },
        }),
      );
      return { form: 'save', saved: true };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
};
