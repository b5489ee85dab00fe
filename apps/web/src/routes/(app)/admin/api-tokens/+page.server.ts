import { fail } from '@sveltejs/kit';
import type { ApiToken, CreatedApiToken, Items } from '$lib/api/contract';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

// Tokens belong to the store chosen in the switcher.
const tokensPath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/api-tokens`;

export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.store) return { tokens: null };
  try {
    const { items } = await locals.api.get<Items<ApiToken>>(tokensPath(locals.store.id));
    return { tokens: items };
  } catch (err) {
    raiseFromApi(err);
  }
};

const noStore = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const data = await request.formData();
    if (!locals.store) return fail(400, { form: 'create', error: noStore, values: {} });
    try {
      const created = await locals.api.post<CreatedApiToken>(tokensPath(locals.store.id), {
        name: text(data, 'name'),
      });
      // The secret exists only in this one response; it is never stored by the web.
      return { form: 'create', created: { name: created.name, token: created.token } };
    } catch (err) {
      return failFromApi(err, 'create', formValues(data));
    }
  },
  revoke: async ({ request, locals }) => {
    const data = await request.formData();
    if (!locals.store) return fail(400, { form: 'revoke', error: noStore, values: {} });
    try {
      await locals.api.delete(`${tokensPath(locals.store.id)}/${encodeURIComponent(text(data, 'tokenId'))}`);
      return { form: 'revoke', revoked: true };
    } catch (err) {
      return failFromApi(err, 'revoke');
    }
  },
};
