import { error } from '@sveltejs/kit';
import { settingsBody } from '$lib/complaints/settings-form';
import type { ComplaintPerson, ComplaintSettings } from '$lib/complaints/types';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function settingsPath(locals: App.Locals): string {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return `/stores/${encodeURIComponent(locals.store.id)}`;
}

// The store's complaint settings: repeat window, forbidden phrases, 责任归属, department managers.
export const load: PageServerLoad = async ({ locals }) => {
  const base = settingsPath(locals);
  try {
    const [settings, people] = await Promise.all([
      locals.api.get<ComplaintSettings>(`${base}/complaint-settings`),
      locals.api.get<{ items: ComplaintPerson[] }>(`${base}/complaint-people`),
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
