import { error, redirect } from '@sveltejs/kit';
import type { ComplaintPage } from '$lib/complaints/types';
import { failFromApi, formValues } from '$lib/server/respond';
import type { Actions } from './$types';

const fields = [
  'channel',
  'category',
  'severity',
  'complainantName',
  'mobile',
  'plate',
  'vin',
  'vehicleModel',
  'customerWords',
  'customerDemands',
  'otherInfo',
] as const;

export const actions: Actions = {
  /** 受理: the form's filled fields go to the API as they are; the API checks them. */
  default: async ({ request, locals }) => {
    const store = locals.store;
    if (!store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
    const data = await request.formData();
    const body: Record<string, string> = {};
    for (const field of fields) {
      const value = data.get(field);
      if (typeof value === 'string' && value.trim() !== '') body[field] = value.trim();
    }
    let page: ComplaintPage;
    try {
      page = await locals.api.post<ComplaintPage>(`/stores/${encodeURIComponent(store.id)}/complaints`, body);
    } catch (err) {
      return failFromApi(err, 'receive', formValues(data));
    }
    redirect(303, `/complaints/${page.complaint.id}`);
  },
};
