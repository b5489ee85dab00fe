import { error, redirect } from '@sveltejs/kit';
import type { ComplaintPage } from '$lib/complaints/types';
import { failFromApi, formValues } from '$lib/server/respond';
import { startOfLocalDay } from '$lib/sms/log-filters';
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
/** 投诉时间, 所发生的时间, 受理时间: datetime-local fields, the store's wall clock. */
const times = ['complainedAt', 'occurredAt', 'receivedAt'] as const;

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
    for (const field of times) {
      const value = data.get(field);
      if (typeof value !== 'string' || value.trim() === '') continue;
      // The store's offset on that day makes the wall-clock time an instant; the API checks the rest.
      const local = value.trim();
      body[field] =
        `${local.length === 16 ? `${local}:00` : local}${startOfLocalDay(local.slice(0, 10), store.timeZone).slice(19)}`;
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
