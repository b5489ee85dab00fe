import type { Items, Store } from '$lib/api/contract';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { storeBody } from '$lib/server/store-body';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    const { items } = await locals.api.get<Items<Store>>('/stores');
    return { stores: items };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const data = await request.formData();
    try {
      const store = await locals.api.post<Store>('/stores', { code: text(data, 'code'), ...storeBody(data) });
      return { form: 'create', created: { id: store.id, name: store.name } };
    } catch (err) {
      return failFromApi(err, 'create', formValues(data));
    }
  },
};
