import type { Store } from '$lib/api/contract';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { storeBody } from '$lib/server/store-body';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return { store: await locals.api.get<Store>(`/stores/${encodeURIComponent(params.storeId)}`) };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  save: async ({ request, locals, params }) => {
    const data = await request.formData();
    try {
      await locals.api.patch<Store>(`/stores/${encodeURIComponent(params.storeId)}`, storeBody(data));
      return { form: 'save', saved: true };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
  deactivate: async ({ locals, params }) => {
    try {
      await locals.api.post<Store>(`/stores/${encodeURIComponent(params.storeId)}/deactivate`);
      return { form: 'deactivate', deactivated: true };
    } catch (err) {
      return failFromApi(err, 'deactivate');
    }
  },
  reactivate: async ({ locals, params }) => {
    try {
      await locals.api.post<Store>(`/stores/${encodeURIComponent(params.storeId)}/reactivate`);
      return { form: 'reactivate', reactivated: true };
    } catch (err) {
      return failFromApi(err, 'reactivate');
    }
  },
};
