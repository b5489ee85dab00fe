import { redirect } from '@sveltejs/kit';
import type { Items, MembershipSettings, RedemptionItem } from '$lib/api/contract';
import { fenFromYuan } from '$lib/membership/money';
import { text } from '$lib/server/form-input';
import { clubPath, clubStoreOf } from '$lib/server/membership';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

// The store's redemption catalogue (with stock) and its club fees. `?edit=<code>` opens an
// item in the form; saving under an existing code replaces that item.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  if (!store) return { items: null, settings: null, editing: null, saved: null };
  try {
    const [{ items }, settings] = await Promise.all([
      locals.api.get<Items<RedemptionItem>>(clubPath(store.id, '/catalogue')),
      locals.api.get<MembershipSettings>(clubPath(store.id, '/settings')),
    ]);
    const editing = items.find((item) => item.code === url.searchParams.get('edit')) ?? null;
    return { items, settings, editing, saved: url.searchParams.get('saved') };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  saveItem: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    let item: RedemptionItem;
    try {
      item = await locals.api.post<RedemptionItem>(clubPath(store.id, '/catalogue'), {
        code: text(data, 'code'),
        name: text(data, 'name'),
        category: text(data, 'category'),
        pointsCost: Number(text(data, 'pointsCost')),
        stock: Number(text(data, 'stock')),
        active: data.has('active'),
      });
    } catch (err) {
      return failFromApi(err, 'saveItem', formValues(data));
    }
    redirect(303, `/membership/catalogue?saved=${encodeURIComponent(item.name)}`);
  },
  saveSettings: async ({ locals, request }) => {
    const store = clubStoreOf(locals);
    const data = await request.formData();
    try {
      await locals.api.put<MembershipSettings>(clubPath(store.id, '/settings'), {
        joiningFeeFen: fenFromYuan(text(data, 'joiningFee')),
        reissueFeeFen: fenFromYuan(text(data, 'reissueFee')),
      });
      return { form: 'saveSettings', saved: true };
    } catch (err) {
      return failFromApi(err, 'saveSettings', formValues(data));
    }
  },
};
