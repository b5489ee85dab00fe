import { fail, redirect } from '@sveltejs/kit';
import type { CustomerFile, CustomerFileSummary, Items } from '$lib/api/contract';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { SmsMessage, SmsPreview } from '$lib/sms/types';
import type { Actions, PageServerLoad } from './$types';

const storePath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}`;

/** Who the message goes to: the car's current owner (one car, one file). */
export interface Recipient {
  vehicleId: string;
  customerId: string;
  name: string;
  plate: string | null;
  mobile: string | null;
}

// Manual send: find the customer (`?q=`), choose the car (`?vehicleId=`), write, preview, send.
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  const vehicleId = url.searchParams.get('vehicleId') ?? '';
  const store = locals.store;
  if (!store) return { q, results: null, recipient: null };
  try {
    let recipient: Recipient | null = null;
    if (/^[0-9a-f-]{36}$/i.test(vehicleId)) {
      const file = await locals.api.get<CustomerFile>(
        `${storePath(store.id)}/customer-files/${encodeURIComponent(vehicleId)}`,
      );
      if (file.customer)
        recipient = {
          vehicleId,
          customerId: file.customer.id,
          name: file.customer.name,
          plate: file.vehicle.plate,
          mobile: file.customer.mobile,
        };
    }
    const results =
      !recipient && q.length >= 2
        ? (
            await locals.api.get<Items<CustomerFileSummary>>(
              `${storePath(store.id)}/customer-files?q=${encodeURIComponent(q)}&limit=20`,
            )
          ).items
        : null;
    return { q, results, recipient };
  } catch (err) {
    raiseFromApi(err);
  }
};

function body(data: FormData) {
  return {
    customerId: text(data, 'customerId'),
    vehicleId: text(data, 'vehicleId') || undefined,
    text: text(data, 'text'),
  };
}

const noStore = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

export const actions: Actions = {
  preview: async ({ request, locals }) => {
    const data = await request.formData();
    if (!locals.store) return fail(400, { form: 'send', error: noStore, values: formValues(data) });
    try {
      const preview = await locals.api.post<SmsPreview>(
        `${storePath(locals.store.id)}/sms/preview`,
        body(data),
      );
      return { form: 'preview', preview, values: formValues(data) };
    } catch (err) {
      return failFromApi(err, 'send', formValues(data));
    }
  },
  send: async ({ request, locals }) => {
    const data = await request.formData();
    if (!locals.store) return fail(400, { form: 'send', error: noStore, values: formValues(data) });
    let message: SmsMessage;
    try {
      message = await locals.api.post<SmsMessage>(`${storePath(locals.store.id)}/sms/messages`, {
        ...body(data),
        category: text(data, 'category') === 'marketing' ? 'marketing' : 'transactional',
      });
    } catch (err) {
      return failFromApi(err, 'send', formValues(data));
    }
    // The send log, where the new message shows with its status.
    redirect(303, `/sms?sent=${encodeURIComponent(message.id)}`);
  },
};
