import { fail } from '@sveltejs/kit';
import type { LostCustomer, LostCustomerContact } from '$lib/lost-customers/types';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

const lostPath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/lost-customers`;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The lost-customer list (流失客户) of the store chosen in the switcher, filtered by the URL;
// `?vehicle=` opens that car's contact log (流失客户联络表) beside the list.
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = {
    contacted: ['never', 'yes'].includes(url.searchParams.get('contacted') ?? '')
      ? (url.searchParams.get('contacted') as 'never' | 'yes')
      : '',
    wonBack: ['true', 'false'].includes(url.searchParams.get('wonBack') ?? '')
      ? (url.searchParams.get('wonBack') as 'true' | 'false')
      : '',
    plate: (url.searchParams.get('plate') ?? '').trim().slice(0, 20),
  };
  const vehicleId = url.searchParams.get('vehicle') ?? '';
  const store = locals.store;
  if (!store) return { filters, customers: null, selected: null, contacts: null };
  const query = new URLSearchParams({ limit: '200' });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  try {
    const { items } = await locals.api.get<{ items: LostCustomer[] }>(`${lostPath(store.id)}?${query}`);
    const selected = uuid.test(vehicleId) ? (items.find((c) => c.vehicleId === vehicleId) ?? null) : null;
    const contacts = uuid.test(vehicleId)
      ? (
          await locals.api.get<{ items: LostCustomerContact[] }>(
            `${lostPath(store.id)}/${encodeURIComponent(vehicleId)}/contacts`,
          )
        ).items
      : null;
    return {
      filters,
      customers: items,
      selected,
      contacts,
      vehicleId: uuid.test(vehicleId) ? vehicleId : null,
    };
  } catch (err) {
    raiseFromApi(err);
  }
};

const noStore = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

export const actions: Actions = {
  contact: async ({ request, locals }) => {
    const data = await request.formData();
    if (!locals.store) return fail(400, { form: 'contact', error: noStore, values: formValues(data) });
    const vehicleId = text(data, 'vehicleId');
    const contactedAt = text(data, 'contactedAt');
    const lostReason = text(data, 'lostReason');
    try {
      await locals.api.post(`${lostPath(locals.store.id)}/${encodeURIComponent(vehicleId)}/contacts`, {
        channel: text(data, 'channel'),
        result: text(data, 'result'),
        // A datetime-local field is the store's wall clock; the store's offset makes it an instant.
        ...(contactedAt ? { contactedAt: `${contactedAt}:00${text(data, 'offset') || '+08:00'}` } : {}),
        ...(lostReason ? { lostReason } : {}),
        customerView: text(data, 'customerView'),
        wonBack: data.get('wonBack') === 'true',
      });
      return { form: 'contact', recorded: true };
    } catch (err) {
      return failFromApi(err, 'contact', formValues(data));
    }
  },
};
