import { redirect } from '@sveltejs/kit';
import type { Items, User } from '$lib/api/contract';
import { assignableRoles } from '$lib/server/assignable-roles';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { createUserBody } from '$lib/server/user-body';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.session) redirect(303, '/login');
  const storeId = url.searchParams.get('storeId') ?? '';
  try {
    const query = storeId ? `?storeId=${encodeURIComponent(storeId)}` : '';
    const { items } = await locals.api.get<Items<User>>(`/users${query}`);
    return { users: items, storeFilter: storeId, assignable: assignableRoles(locals.session.roles) };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const data = await request.formData();
    try {
      const user = await locals.api.post<User>('/users', createUserBody(data));
      return { form: 'create', created: { id: user.id, name: user.name } };
    } catch (err) {
      return failFromApi(err, 'create', formValues(data));
    }
  },
};
