import { fail } from '@sveltejs/kit';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { type QualityItem, qualityItemsQuery, qualityStoreId } from '../types';
import type { Actions, PageServerLoad } from './$types';

const itemsPath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/quality/items`;
const noStore = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

// EQC整改项目跟踪表: the store's improvement items with the month raised and months +1 … +3.
export const load: PageServerLoad = async ({ locals, url }) => {
  const { state, month, query } = qualityItemsQuery(url);
  const storeId = qualityStoreId(url, locals.store?.id);
  if (!storeId) return { storeId: null, state, month, items: null };
  try {
    const { items } = await locals.api.get<{ items: QualityItem[] }>(
      `${itemsPath(storeId)}${query ? `?${query}` : ''}`,
    );
    return { storeId, state, month, items };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  complete: async ({ request, locals, url }) => {
    const data = await request.formData();
    const storeId = qualityStoreId(url, locals.store?.id);
    if (!storeId) return fail(400, { form: 'complete', error: noStore, values: formValues(data) });
    try {
      await locals.api.patch(`${itemsPath(storeId)}/${encodeURIComponent(text(data, 'itemId'))}`, {
        completedOn: text(data, 'completedOn'),
      });
      return { form: 'complete', done: true };
    } catch (err) {
      return failFromApi(err, 'complete', formValues(data));
    }
  },
};
