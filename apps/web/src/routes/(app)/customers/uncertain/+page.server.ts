import { error } from '@sveltejs/kit';
import type { UncertainCustomerRecord } from '$lib/api/contract';
import { answer } from '$lib/server/api';
import { customerAccess } from '$lib/server/customer-access';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

const listPath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/uncertain-customers`;

// 不确定客户记录表 of the store in the switcher: the open records (the work), or the resolved ones.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  const status = url.searchParams.get('status') === 'resolved' ? 'resolved' : 'open';
  if (!store) return { status, records: null, canWork: false };
  try {
    const { items } = await answer(
      locals.api.GET('/v1/stores/{storeId}/uncertain-customers', {
        params: { path: { storeId: store.id }, query: { status } },
      }),
    );
    return { status, records: items, canWork: customerAccess(locals.session?.roles ?? [], store.id).edit };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  /** One of the four resolutions; a correction carries the recovered mobile (and name, address). */
  resolve: async ({ request, locals }) => {
    if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
    const data = await request.formData();
    const recordId = text(data, 'recordId');
    const resolution = text(data, 'resolution');
    const body: Record<string, string> = { resolution };
    if (resolution === 'corrected') {
      body.mobile = text(data, 'mobile');
      for (const field of ['name', 'address'] as const)
        if (text(data, field)) body[field] = text(data, field);
    }
    if (text(data, 'note')) body.note = text(data, 'note');
    try {
      const record = await locals.api.post<UncertainCustomerRecord>(
        `${listPath(locals.store.id)}/${encodeURIComponent(recordId)}/resolve`,
        body,
      );
      return { form: 'resolve', recordId, resolved: record };
    } catch (err) {
      return failFromApi(err, 'resolve', { ...formValues(data), recordId });
    }
  },
};
