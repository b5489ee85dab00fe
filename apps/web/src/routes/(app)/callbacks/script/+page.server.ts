import { error } from '@sveltejs/kit';
import type { CallScriptSettings } from '$lib/api/contract';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function scriptPath(locals: App.Locals): string {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return `/stores/${encodeURIComponent(locals.store.id)}/callback-script`;
}

// The store's call script (话术): the opening lines and the closing line the call screen shows.
export const load: PageServerLoad = async ({ locals }) => {
  try {
    return { script: await locals.api.get<CallScriptSettings>(scriptPath(locals)) };
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
      await locals.api.put(scriptPath(locals), {
        salesOpening: line(data, 'salesOpening'),
        afterSalesOpening: line(data, 'afterSalesOpening'),
        closing: line(data, 'closing'),
      });
      return { form: 'save', saved: true };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
};
