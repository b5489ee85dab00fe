import { error } from '@sveltejs/kit';
import { settingsBody } from '$lib/complaints/settings-form';
import { answer } from '$lib/server/api';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function settingsPath(locals: App.Locals): string {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return `/stores/${encodeURIComponent(locals.store.id)}`;
}

// The store's complaint settings: repeat window, forbidden phrases, 责任归属, department managers.
export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const store = { params: { path: { storeId: locals.store.id } } };
  try {
    const [settings, people] = await Promise.all([
      answer(locals.api.GET('/v1/stores/{storeId}/complaint-settings', store)),
      answer(locals.api.GET('/v1/stores/{storeId}/complaint-people', store)),
    ]);
    return { settings, people: people.items };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  save: async ({ request, locals }) => {
    const data = await request.formData();
    try {
      await locals.api.put(`${settingsPath(locals)}/complaint-settings`, settingsBody(data));
      return { form: 'save', saved: true };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
};
