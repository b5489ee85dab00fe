import { error } from '@sveltejs/kit';
import type { Customer } from '$lib/api/contract';
import { answer } from '$lib/server/api';
import { customerAccess } from '$lib/server/customer-access';
import { customerBody } from '$lib/server/customer-body';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function storeOf(locals: App.Locals) {
  if (!locals.store || !locals.session) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return locals.store;
}

/** The file of the car, masked unless `unmask`. */
const fileOf = (locals: App.Locals, storeId: string, vehicleId: string, unmask = false) =>
  answer(
    locals.api.GET('/v1/stores/{storeId}/customer-files/{vehicleId}', {
      params: { path: { storeId, vehicleId }, query: unmask ? { unmask: 'true' } : {} },
    }),
  );

// One car, one file, in the store chosen in the switcher. Always loaded masked: showing the
// numbers in clear is a separate, audited request (the `unmask` action).
export const load: PageServerLoad = async ({ locals, params }) => {
  const store = storeOf(locals);
  try {
    const file = await fileOf(locals, store.id, params.vehicleId);
    return { file, access: customerAccess(locals.session?.roles ?? [], store.id) };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  /** "Show full number": the API refuses roles that may not, and logs the view for those that may. */
  unmask: async ({ locals, params }) => {
    const store = storeOf(locals);
    try {
      const file = await fileOf(locals, store.id, params.vehicleId, true);
      return { form: 'unmask', customer: file.customer };
    } catch (err) {
      return failFromApi(err, 'unmask');
    }
  },
  save: async ({ request, locals }) => {
    const store = storeOf(locals);
    const data = await request.formData();
    const customerId = data.get('customerId');
    if (typeof customerId !== 'string' || customerId === '')
      error(400, { message: 'customerId missing', code: 'INVALID_INPUT' });
    try {
      const customer = await locals.api.patch<Customer>(
        `/stores/${encodeURIComponent(store.id)}/customers/${encodeURIComponent(customerId)}`,
        customerBody(data),
      );
      return { form: 'save', saved: true, name: customer.name };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
};
